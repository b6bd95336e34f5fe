import type { ComponentChildren } from 'preact';
import { adminPaths } from '../../platform/http/paths.js';
import type { AdminContext } from '../../platform/views/admin-layout.js';
import type { PolicyAnnouncements } from './policy-announcements.service.js';

const texts = {
  fr: { pending: 'La politique de confidentialité a changé et vos clients n’en ont pas encore été informés.', review: 'Relire et publier' },
  en: { pending: 'The privacy policy changed and your customers have not been told yet.', review: 'Review and publish' },
};

/** The dashboard's « À traiter » item of this module: a version of the policy to announce (the owner's only). */
export function policyFollowUps(announcements: Pick<PolicyAnnouncements, 'isPending'>) {
  return async (ctx: AdminContext): Promise<ComponentChildren[]> => {
    if (ctx.adminRole !== 'owner' || !(await announcements.isPending())) return [];
    const t = texts[ctx.locale];
    return [
      <li key="privacy-policy" class="notice notice--warning" data-follow-up="privacy-policy">
        {t.pending} <a href={adminPaths.privacyPolicy}>{t.review}</a>
      </li>,
    ];
  };
}

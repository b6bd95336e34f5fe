import type { ComponentChildren } from 'preact';
import type { AdminContext } from '../../platform/views/admin-layout.js';
import type { RestrictionsService } from './restrictions.service.js';
import { PrivacyBadges, PrivacyStandingSection } from './views/privacy-standing.js';

/** What the customers module's pages show of this module (app.ts hands these to customersAdminRoutes). */
export function customerPrivacyViews(restrictions: RestrictionsService) {
  return {
    /** The customer's page: restriction, objection, the owner's buttons and the recipients told. */
    async privacyPanel(ctx: AdminContext, customer: { id: string; email: string }): Promise<ComponentChildren> {
      const person = { email: customer.email, customerId: customer.id };
      const [standing, notices] = await Promise.all([restrictions.standingOf(person), restrictions.noticesFor(person)]);
      return <PrivacyStandingSection ctx={ctx} customerId={customer.id} standing={standing} notices={notices} />;
    },
    /** The customers list: a badge beside each restricted or objecting customer. */
    async listBadges(ctx: AdminContext, listed: readonly { id: string; email: string }[]): Promise<Map<string, ComponentChildren>> {
      const standings = await restrictions.standingsOf(listed);
      return new Map([...standings].filter(([, s]) => s.restricted || s.suppressed).map(([id, s]) => [id, <PrivacyBadges restricted={s.restricted} suppressed={s.suppressed} locale={ctx.locale} />]));
    },
  };
}

import { defineErrors } from '../../platform/http/errors.js';

/** What can go wrong when the owner announces a new version of the privacy policy. */
export const policyAnnouncementErrors = defineErrors({
  POLICY_NOTHING_TO_ANNOUNCE: {
    status: 409,
    fr: 'Cette version de la politique de confidentialité a déjà été annoncée à vos clients\u00a0: il n’y a rien à publier.',
    en: 'This version of the privacy policy was already announced to your customers: there is nothing to publish.',
  },
  POLICY_CHANGED_SINCE_PREVIEW: {
    status: 409,
    fr: 'La politique de confidentialité a changé depuis que vous avez ouvert cette page. Relisez la nouvelle version ci-dessous avant de la publier.',
    en: 'The privacy policy changed since you opened this page. Read the new version below before publishing it.',
  },
});

import { defineErrors } from '../../platform/http/errors.js';

export const restrictionErrors = defineErrors({
  RESTRICTION_EMAIL_INVALID: {
    status: 422,
    field: 'email',
    fr: 'Cette adresse e-mail n’est pas valide.',
    en: 'This e-mail address is not valid.',
  },
  RESTRICTION_NOT_IN_FORCE: {
    status: 409,
    fr: 'Aucune limitation du traitement n’est en cours pour cette personne.',
    en: 'No restriction of processing is in force for this person.',
  },
  RESTRICTION_CUSTOMER_NOT_FOUND: {
    status: 404,
    fr: 'Ce client n’existe pas ou ses données ont été effacées.',
    en: 'This customer does not exist or their data was erased.',
  },
});

import { defineErrors } from '../../platform/http/errors.js';

/** What can go wrong in the customer's space, each with a sentence the customer can act on. */
export const customerSpaceErrors = defineErrors({
  SIGN_IN_LINK_INVALID: {
    status: 410,
    fr: 'Ce lien de connexion n’est plus valable\u00a0: il a déjà servi, il a expiré (il vaut 15\u00a0minutes) ou il est incomplet. Demandez-en un nouveau ci-dessous.',
    en: 'This sign-in link is no longer valid: it has been used already, it has expired (it lasts 15 minutes) or it is incomplete. Ask for a new one below.',
  },
  FORM_EXPIRED: {
    status: 403,
    fr: 'Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et réessayez.',
    en: 'This form has expired or did not come from this site. Reload the page and try again.',
  },
});

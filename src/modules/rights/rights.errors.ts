import { defineErrors } from '../../platform/http/errors.js';

/** What can go wrong with a rights request, each with a sentence the reader can act on. */
export const rightsErrors = defineErrors({
  CONFIRM_LINK_INVALID: {
    status: 410,
    fr: 'Ce lien de confirmation n’est plus valable\u00a0: il a déjà servi, il a expiré (il vaut 24\u00a0heures) ou il est incomplet. Faites une nouvelle demande ci-dessous.',
    en: 'This confirmation link is no longer valid: it has been used already, it has expired (it lasts 24 hours) or it is incomplete. Make a new request below.',
  },
  IDENTITY_LINK_INVALID: {
    status: 410,
    fr: 'Ce lien d’envoi de justificatif n’est plus valable\u00a0: le document a déjà été reçu ou la demande est close. Écrivez-nous si vous pensez qu’il s’agit d’une erreur.',
    en: 'This link for sending a proof of identity is no longer valid: the document has been received already or the request is closed. Write to us if you think this is a mistake.',
  },
  REQUEST_NOT_FOUND: {
    status: 404,
    fr: 'Cette demande n’existe pas ou a été supprimée.',
    en: 'This request does not exist or has been deleted.',
  },
  REQUEST_CLOSED: {
    status: 409,
    fr: 'Cette demande est close\u00a0: rien ne peut plus y être fait.',
    en: 'This request is closed: nothing more can be done on it.',
  },
  EXTENSION_TOO_LATE: {
    status: 409,
    fr: 'Le délai ne peut plus être prolongé\u00a0: la prolongation doit être décidée et annoncée pendant le premier mois.',
    en: 'The deadline can no longer be extended: the extension must be decided and announced within the first month.',
  },
  ALREADY_EXTENDED: {
    status: 409,
    fr: 'Le délai de cette demande a déjà été prolongé.',
    en: 'This request’s deadline has already been extended.',
  },
  WRONG_TYPE: {
    status: 409,
    fr: 'Cette action ne correspond pas au type de la demande.',
    en: 'This action does not match the request’s type.',
  },
  NOT_WIRED: {
    status: 409,
    fr: 'Cette action n’est pas encore disponible dans ce logiciel\u00a0: traitez-la à la main et notez ce qui a été fait.',
    en: 'This action is not available in this software yet: handle it by hand and record what was done.',
  },
  IDENTITY_NOT_RECEIVED: {
    status: 409,
    fr: 'Aucun justificatif n’a été reçu pour cette demande.',
    en: 'No proof of identity has been received for this request.',
  },
  DOCUMENT_TOO_LARGE: {
    status: 413,
    field: 'document',
    fr: 'Ce fichier est trop lourd\u00a0: 5\u00a0Mo au plus. Prenez une photo moins grande ou un PDF plus léger.',
    en: 'This file is too large: 5 MB at most. Take a smaller photo or a lighter PDF.',
  },
  DOCUMENT_TYPE: {
    status: 422,
    field: 'document',
    fr: 'Envoyez un PDF, une photo JPEG ou une image PNG.',
    en: 'Send a PDF, a JPEG photo or a PNG image.',
  },
  FORM_FROM_ELSEWHERE: {
    status: 403,
    fr: 'Ce formulaire ne vient pas de ce site. Rechargez la page et réessayez.',
    en: 'This form did not come from this site. Reload the page and try again.',
  },
});

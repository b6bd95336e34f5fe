import { defineErrors, defineFieldMessages } from '../../platform/http/errors.js';

export const webhookErrors = defineErrors({
  WEBHOOK_NOT_FOUND: { status: 404, fr: 'Ce webhook n’existe pas ou a été supprimé.', en: 'This webhook does not exist or was deleted.' },
});

/** Why a URL is refused, beside the url field. */
export const webhookFieldMessages = defineFieldMessages({
  URL_SCHEME: { field: 'url', fr: 'Indiquez une adresse qui commence par https:// (ou http://).', en: 'Enter an address starting with https:// (or http://).' },
  URL_CREDENTIALS: { field: 'url', fr: 'L’adresse ne doit pas contenir d’identifiant ni de mot de passe.', en: 'The address must not hold a user name or password.' },
  URL_PRIVATE: {
    field: 'url',
    fr: 'Cette adresse mène à cette machine ou à un réseau privé\u00a0: indiquez une adresse publique.',
    en: 'This address leads to this machine or a private network: enter a public address.',
  },
  URL_UNRESOLVED: { field: 'url', fr: 'Ce nom de domaine est introuvable. Vérifiez l’adresse.', en: 'This domain name cannot be found. Check the address.' },
});

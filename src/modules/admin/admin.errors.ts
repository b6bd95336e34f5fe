import { defineErrors } from '../../platform/http/errors.js';

export const adminErrors = defineErrors({
  INVALID_CREDENTIALS: {
    status: 401,
    fr: 'Adresse e-mail ou mot de passe incorrect.',
    en: 'Wrong e-mail address or password.',
  },
  EMAIL_TAKEN: {
    status: 409,
    field: 'email',
    fr: 'Un compte existe déjà avec cette adresse e-mail.',
    en: 'An account already exists with this e-mail address.',
  },
  SETUP_LINK_INVALID: {
    status: 404,
    fr: 'Ce lien d’installation n’est plus valable\u00a0: il a déjà servi ou a expiré. Redémarrez le serveur pour en obtenir un nouveau, ou utilisez «\u00a0npx wservices admin create\u00a0».',
    en: 'This setup link is no longer valid: it was used or has expired. Restart the server to get a new one, or use "npx wservices admin create".',
  },
});

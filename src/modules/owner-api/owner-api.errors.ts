import { defineErrors, defineFieldMessages } from '../../platform/http/errors.js';
import { MAX_ADMIN_RANGE_DAYS } from './owner-api.schemas.js';

export const ownerApiErrors = defineErrors({
  API_KEY_MISSING: {
    status: 401,
    fr: 'Cette adresse demande une clé d’API\u00a0: envoyez-la dans l’en-tête Authorization: Bearer <clé>.',
    en: 'This address needs an API key: send it in the header Authorization: Bearer <key>.',
  },
  API_KEY_INVALID: {
    status: 401,
    fr: 'Cette clé d’API n’est pas valable ou a été révoquée.',
    en: 'This API key is not valid or was revoked.',
  },
  API_KEY_READ_ONLY: {
    status: 403,
    fr: 'Cette clé d’API ne permet que la lecture. Créez une clé avec le droit d’écriture.',
    en: 'This API key can only read. Make a key with the write scope.',
  },
  API_KEY_NOT_FOUND: { status: 404, fr: 'Cette clé n’existe pas.', en: 'This key does not exist.' },
});

export const ownerApiFieldMessages = defineFieldMessages({
  RANGE_REVERSED: { field: 'to', fr: 'Le dernier jour doit suivre le premier.', en: 'The last day must come after the first.' },
  RANGE_TOO_LONG: {
    field: 'to',
    fr: `Demandez au plus ${MAX_ADMIN_RANGE_DAYS} jours à la fois.`,
    en: `Ask for at most ${MAX_ADMIN_RANGE_DAYS} days at a time.`,
  },
});

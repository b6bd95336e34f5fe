import { defineErrors } from '../../platform/http/errors.js';

export const catalogErrors = defineErrors({
  SERVICE_NOT_FOUND: {
    status: 404,
    fr: 'Cette prestation n’existe pas ou n’est plus proposée.',
    en: 'This service does not exist or is no longer offered.',
  },
  SLUG_TAKEN: {
    status: 409,
    field: 'slug',
    fr: 'Une autre prestation utilise déjà cet identifiant d’adresse\u00a0; choisissez-en un autre.',
    en: 'Another service already uses this URL name; choose another one.',
  },
  CLOSURE_NOT_FOUND: {
    status: 404,
    fr: 'Cette fermeture n’existe pas ou a déjà été supprimée.',
    en: 'This closure does not exist or has already been deleted.',
  },
});

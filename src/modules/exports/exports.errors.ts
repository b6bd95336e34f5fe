import { defineErrors } from '../../platform/http/errors.js';

export const exportErrors = defineErrors({
  OWNER_ONLY: {
    status: 403,
    fr: 'Seul le responsable de l’entreprise peut exporter ces fichiers.',
    en: 'Only the business owner can export these files.',
  },
});

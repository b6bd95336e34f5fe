import { defineErrors } from '../../platform/http/errors.js';

/** What the owner's archive pages can answer besides the page itself. */
export const legalArchiveErrors = defineErrors({
  ARCHIVE_ENTRY_NOT_FOUND: {
    status: 404,
    fr: 'Cet enregistrement n’est pas dans l’archive légale (ou sa durée de conservation a pris fin).',
    en: 'This record is not in the legal archive (or its retention period has ended).',
  },
  ARCHIVE_FILE_NOT_FOUND: {
    status: 404,
    fr: 'Ce fichier n’est pas dans l’archive légale.',
    en: 'This file is not in the legal archive.',
  },
});

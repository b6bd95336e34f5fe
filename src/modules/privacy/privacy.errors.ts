import { defineErrors } from '../../platform/http/errors.js';

export const privacyErrors = defineErrors({
  ACCESS_ARCHIVE_INCOMPLETE: {
    status: 503,
    fr: (p: { modules: string }) => `L’export n’a pas été produit, car une partie des données n’a pas pu être lue (${p.modules}). Réessayez dans un moment\u00a0; si cela persiste, consultez le journal du serveur.`,
    en: (p: { modules: string }) => `The export was not produced, because part of the data could not be read (${p.modules}). Try again in a moment; if this persists, look at the server's log.`,
    example: { modules: 'invoices' },
  },
  ACCESS_ARCHIVE_NOT_FOUND: {
    status: 404,
    fr: 'Ce lien de téléchargement n’existe pas. Vérifiez qu’il est complet, ou demandez un nouvel export de vos données.',
    en: 'This download link does not exist. Check that it is complete, or ask for a new export of your data.',
  },
  ACCESS_ARCHIVE_EXPIRED: {
    status: 410,
    fr: 'Ce lien de téléchargement a expiré (il reste valable 3\u00a0jours) et l’export a été supprimé. Demandez un nouvel export de vos données.',
    en: 'This download link has expired (it works for 3 days) and the export was deleted. Ask for a new export of your data.',
  },
});

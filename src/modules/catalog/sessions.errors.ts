import { defineErrors } from '../../platform/http/errors.js';

/** What can go wrong when the owner schedules or changes a group session. */
export const sessionErrors = defineErrors({
  SESSION_NOT_FOUND: {
    status: 404,
    fr: 'Cette séance n’existe pas ou a été supprimée.',
    en: 'This session does not exist or has been deleted.',
  },
  SESSION_EXISTS: {
    status: 409,
    field: 'date',
    fr: 'Une séance de cette prestation est déjà prévue à cette date et à cette heure.',
    en: 'A session of this service is already scheduled at this date and time.',
  },
  NOT_A_SESSION_SERVICE: {
    status: 409,
    fr: 'Cette prestation ne se réserve pas par séances. Choisissez «\u00a0Par séances\u00a0» dans sa fiche pour en programmer.',
    en: 'This service is not booked by sessions. Choose "By sessions" on its page to schedule some.',
  },
  SESSION_CANCELLED: {
    status: 409,
    fr: 'Cette séance est annulée\u00a0: elle ne peut plus être modifiée.',
    en: 'This session is cancelled: it can no longer be changed.',
  },
});

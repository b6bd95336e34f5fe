import { defineErrors } from '../../platform/http/errors.js';

/** What can go wrong in the owner's agenda, its calendar feed and the marking of attendance. */
export const agendaErrors = defineErrors({
  BAD_AGENDA_DATE: {
    status: 400,
    field: 'date',
    fr: 'Cette date n’est pas valide. Indiquez-la au format AAAA-MM-JJ, par exemple 2026-12-01.',
    en: 'This date is not valid. Give it as YYYY-MM-DD, for example 2026-12-01.',
  },
  BAD_AGENDA_VIEW: {
    status: 400,
    field: 'vue',
    fr: 'Cette vue n’existe pas. Choisissez «\u00a0jour\u00a0» ou «\u00a0semaine\u00a0».',
    en: 'This view does not exist. Choose “jour” (day) or “semaine” (week).',
  },
  FEED_NOT_FOUND: {
    status: 404,
    fr: 'Cette adresse d’agenda n’existe pas ou a été remplacée par une nouvelle.',
    en: 'This calendar address does not exist or has been replaced by a new one.',
  },
  NOT_YET_STARTED: {
    status: 409,
    field: 'attendance',
    fr: 'Cette réservation n’a pas encore commencé\u00a0: vous pourrez indiquer si elle a été effectuée une fois son heure passée.',
    en: 'This booking has not started yet: you can record whether it took place once its time has passed.',
  },
  BAD_ATTENDANCE: {
    status: 422,
    field: 'attendance',
    fr: 'Indiquez si la réservation a été effectuée ou si le client était absent.',
    en: 'Say whether the booking took place or the customer did not come.',
  },
  SAME_TIME: {
    status: 422,
    field: 'start',
    fr: 'La réservation est déjà à cet horaire. Choisissez un autre horaire pour la déplacer.',
    en: 'The booking is already at this time. Choose another time to move it.',
  },
});

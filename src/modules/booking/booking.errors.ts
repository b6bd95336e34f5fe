import { defineErrors } from '../../platform/http/errors.js';

/** Everything that can go wrong when booking, each with the sentence the person can act on. */
export const bookingErrors = defineErrors({
  OUTSIDE_HOURS: {
    status: 409,
    field: 'start',
    fr: 'Cet horaire est en dehors des heures d’ouverture, pendant une fermeture ou hors de la grille des créneaux de cette prestation.',
    en: 'This time is outside opening hours, during a closure or off this service’s slot grid.',
  },
  SLOT_TAKEN: {
    status: 409,
    field: 'start',
    fr: 'Ce créneau vient d’être réservé ou n’est plus disponible. Choisissez un autre horaire.',
    en: 'This slot has just been booked or is no longer available. Please choose another time.',
  },
  NOT_ENOUGH_PLACES: {
    status: 409,
    field: 'quantity',
    fr: 'Il ne reste plus assez de places à cet horaire pour ce nombre de participants. Réservez moins de places ou choisissez un autre horaire.',
    en: 'There are not enough places left at this time for this many participants. Book fewer places or choose another time.',
  },
  BOOKING_NOT_FOUND: {
    status: 404,
    fr: 'Cette réservation est introuvable. Vérifiez le lien reçu par e-mail.',
    en: 'This booking cannot be found. Check the link you received by e-mail.',
  },
  ALREADY_CANCELLED: {
    status: 409,
    fr: 'Cette réservation est déjà annulée.',
    en: 'This booking is already cancelled.',
  },
  ALREADY_STARTED: {
    status: 409,
    fr: 'Cette prestation a déjà commencé ou est passée\u00a0: elle ne peut plus être modifiée en ligne. Contactez-nous.',
    en: 'This service has already started or is over: it can no longer be changed online. Please contact us.',
  },
  BOOKING_CHANGED: {
    status: 409,
    fr: 'Cette réservation vient d’être modifiée ou annulée par ailleurs. Rechargez la page pour voir son état actuel.',
    en: 'This booking has just been changed or cancelled elsewhere. Reload the page to see where it stands.',
  },
  TOO_MANY_BOOKINGS_FOR_EMAIL: {
    status: 429,
    field: 'customer.email',
    fr: 'Plusieurs réservations ont déjà été faites avec cette adresse e-mail au cours de la dernière heure. Pour en faire une autre, réessayez dans une heure, ou appelez-nous.',
    en: 'Several bookings have already been made with this email address in the last hour. To make another one, try again in an hour, or call us.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    field: 'idempotencyKey',
    fr: 'Cette clé d’idempotence a déjà servi pour une autre demande de réservation.',
    en: 'This idempotency key was already used for a different booking request.',
  },
});

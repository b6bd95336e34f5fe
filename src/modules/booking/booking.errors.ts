import { defineErrors, defineFieldMessages } from '../../platform/http/errors.js';
import { formatCalendarDate, formatDuration } from '../../platform/i18n/format.js';
import { defineTexts } from '../../platform/i18n/sentences.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { hoursText } from './hours-text.js';

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
  CHANGE_CUTOFF_PASSED: {
    status: 409,
    fr: (p: { hours: number }) =>
      `Cette réservation ne peut plus être déplacée ni annulée en ligne\u00a0: c’était possible jusqu’à ${hoursText(p.hours, 'fr')} avant son début. Appelez-nous ou écrivez-nous.`,
    en: (p: { hours: number }) => `This booking can no longer be moved or cancelled online: that was possible until ${hoursText(p.hours, 'en')} before it starts. Please call or write to us.`,
    example: { hours: 24 },
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

/** What the JSON API refuses before the booking service sees the request. */
export const bookingApiErrors = defineErrors({
  JSON_REQUIRED: {
    status: 415,
    fr: 'Envoyez le corps de la requête en JSON (Content-Type: application/json).',
    en: 'Send the request body as JSON (Content-Type: application/json).',
  },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    fr: 'L’en-tête Idempotency-Key doit compter de 8 à 100 caractères parmi lettres, chiffres, «\u00a0-\u00a0» et «\u00a0_\u00a0».',
    en: 'The Idempotency-Key header must be 8 to 100 letters, digits, "-" or "_".',
  },
});

/**
 * The sentences of the checks the schemas cannot make (a range, a time against the service's
 * rules, places against the service's maximum). They go out inside VALIDATION_FAILED, beside
 * their field, with no code of their own.
 */
export const bookingFieldMessages = defineFieldMessages({
  PAYMENT_NOT_OFFERED: {
    field: 'payment',
    fr: 'Ce mode de paiement n’est pas proposé pour cette prestation\u00a0: choisissez l’un de ceux qu’elle propose.',
    en: 'This payment method is not offered for this service: choose one of those it offers.',
  },
  END_BEFORE_START: {
    field: 'to',
    fr: 'La date de fin doit être postérieure ou égale à la date de début.',
    en: 'The end date must be on or after the start date.',
  },
  RANGE_TOO_LONG: {
    field: 'to',
    fr: (p: { maxDays: number }) => `Demandez au plus ${p.maxDays}\u00a0jours à la fois.`,
    en: (p: { maxDays: number }) => `Ask for at most ${p.maxDays} days at a time.`,
    example: { maxDays: 92 },
  },
  TOO_MANY_SLOTS: {
    field: 'to',
    fr: (p: { maxDays: number }) => `Cette prestation propose de nombreux créneaux par jour\u00a0: demandez au plus ${p.maxDays}\u00a0jour${p.maxDays > 1 ? 's' : ''} à la fois.`,
    en: (p: { maxDays: number }) => `This service offers many slots a day: ask for at most ${p.maxDays} day${p.maxDays > 1 ? 's' : ''} at a time.`,
    example: { maxDays: 17 },
  },
  START_FORMAT: {
    field: 'start',
    fr: 'Indiquez l’horaire au format ISO 8601 avec son décalage, par exemple 2026-12-01T09:00:00+01:00.',
    en: 'Give the time in ISO 8601 with its offset, e.g. 2026-12-01T09:00:00+01:00.',
  },
  START_PAST: {
    field: 'start',
    fr: 'Cet horaire est déjà passé. Choisissez-en un autre.',
    en: 'This time has already passed. Please choose another.',
  },
  START_NOTICE: {
    field: 'start',
    fr: (p: { noticeMinutes: number }) => `Cette prestation se réserve au moins ${durationText(p.noticeMinutes, 'fr')} à l’avance. Choisissez un horaire plus tardif.`,
    en: (p: { noticeMinutes: number }) => `This service must be booked at least ${durationText(p.noticeMinutes, 'en')} ahead. Please choose a later time.`,
    example: { noticeMinutes: 120 },
  },
  START_HORIZON: {
    field: 'start',
    fr: (p: { horizonDays: number }) => `Cette prestation se réserve au plus ${durationText(p.horizonDays * 24 * 60, 'fr')} à l’avance.`,
    en: (p: { horizonDays: number }) => `This service can be booked at most ${durationText(p.horizonDays * 24 * 60, 'en')} ahead.`,
    example: { horizonDays: 60 },
  },
  START_NOT_OFFERED: {
    field: 'start',
    fr: 'Cet horaire n’est pas proposé pour cette prestation. Choisissez l’un des créneaux affichés.',
    en: 'This time is not offered for this service. Please choose one of the slots shown.',
  },
  INSIDE_WITHDRAWAL_PERIOD: {
    field: 'start',
    fr: (p: { laterFrom: string }) =>
      `Cet horaire tombe dans votre délai de rétractation de 14\u00a0jours, et vous n’avez pas demandé, en réservant, que la prestation commence avant sa fin. Choisissez une date à partir du ${formatCalendarDate(p.laterFrom, 'fr')}.`,
    en: (p: { laterFrom: string }) =>
      `This time falls within your 14-day withdrawal period, and when booking you did not ask for the service to start before it ends. Please choose a date from ${formatCalendarDate(p.laterFrom, 'en')}.`,
    example: { laterFrom: '2026-12-16' },
  },
  ONE_PLACE_AT_A_TIME: {
    field: 'quantity',
    fr: 'Cette prestation se réserve une place à la fois.',
    en: 'This service is booked one place at a time.',
  },
  ABOVE_PLACES_PER_BOOKING: {
    field: 'quantity',
    fr: (p: { maxPlaces: number }) => `Vous pouvez réserver au plus ${p.maxPlaces}\u00a0places à la fois.`,
    en: (p: { maxPlaces: number }) => `You can book at most ${p.maxPlaces} places at a time.`,
    example: { maxPlaces: 4 },
  },
  EARLY_PERFORMANCE_MISSING: {
    field: 'requestEarlyPerformance',
    fr: (p: { laterFrom: string }) =>
      `Cet horaire tombe dans votre délai de rétractation de 14\u00a0jours. Pour le réserver, demandez que la prestation commence avant la fin de ce délai (cochez la case)\u00a0; sinon, choisissez une date à partir du ${formatCalendarDate(p.laterFrom, 'fr')}.`,
    en: (p: { laterFrom: string }) =>
      `This time falls within your 14-day withdrawal period. To book it, ask for the service to start before the period ends (tick the box); otherwise, choose a date from ${formatCalendarDate(p.laterFrom, 'en')}.`,
    example: { laterFrom: '2026-12-16' },
  },
});

/** Booking texts that are neither errors nor field messages. */
export const bookingTexts = defineTexts({
  /** The service page's notice when the time asked for is no slot (any more). */
  SLOT_NOT_OFFERED: {
    fr: 'Cet horaire n’est pas ou plus proposé. Choisissez l’un des créneaux ci-dessous.',
    en: 'This time is not or no longer offered. Please choose one of the slots below.',
  },
  /** The label before the reference in the customer's calendar file. */
  CALENDAR_REFERENCE: { fr: 'Référence', en: 'Reference' },
  /** The cancellation reason each participant reads when a session is below its minimum at its decision time. */
  SESSION_MINIMUM_NOT_REACHED: {
    fr: 'Le nombre minimum de participants n’a pas été atteint, la séance n’a pas lieu.',
    en: 'The minimum number of participants was not reached, so the session will not take place.',
  },
  /** The cancellation reason when the owner cancels a session without giving one. */
  SESSION_CANCELLED: { fr: 'La séance est annulée.', en: 'The session is cancelled.' },
});

/** "2 heures", "1 jour", "1 h 30" (with non-breaking spaces): a notice or a horizon, in whole days or hours when it is one. */
function durationText(minutes: number, locale: Locale): string {
  if (minutes % (24 * 60) === 0) {
    const days = minutes / (24 * 60);
    return locale === 'fr' ? `${days}\u00a0jour${days > 1 ? 's' : ''}` : `${days} day${days > 1 ? 's' : ''}`;
  }
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return locale === 'fr' ? `${hours}\u00a0heure${hours > 1 ? 's' : ''}` : `${hours} hour${hours > 1 ? 's' : ''}`;
  }
  return formatDuration(minutes, locale);
}


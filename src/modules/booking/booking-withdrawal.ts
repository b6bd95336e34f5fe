import type { FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { addDays, localDateOf } from '../../platform/time-zone.js';
import { bookingFieldMessages } from './booking.errors.js';
import type { Booking } from './booking.model.js';

/**
 * The consumer's 14-day withdrawal period (code de la consommation, L221-18) and what a booking
 * inside it means. The business may not start a service before the period ends unless the
 * customer expressly asks for it (L221-25); the customer then keeps the right to withdraw but owes
 * the part already performed. So a slot inside the period is booked only with that request; the
 * other choice is a later date.
 */
export const WITHDRAWAL_PERIOD_DAYS = 14;
const DAY = 24 * 60 * 60_000;

export function startsWithinWithdrawalPeriod(startMs: number, bookedAtMs: number): boolean {
  return startMs < bookedAtMs + WITHDRAWAL_PERIOD_DAYS * DAY;
}

/** Whether booking this slot now needs the customer's request for an early start (the right applies, the slot is inside the period). */
export function needsEarlyPerformanceRequest(withdrawalPolicy: string, startMs: number, nowMs: number): boolean {
  return withdrawalPolicy === 'applies' && startMs >= nowMs && startsWithinWithdrawalPeriod(startMs, nowMs);
}

/** The first local day whose slots are all outside the period: 15 days from today. */
export function firstDayAfterWithdrawalPeriod(nowMs: number, zone: string): string {
  return addDays(localDateOf(nowMs, zone), WITHDRAWAL_PERIOD_DAYS + 1);
}

/** The answer when a slot inside the period comes without the request. */
export function earlyPerformanceMissing(laterFrom: string, locale: Locale): FieldError {
  return bookingFieldMessages.EARLY_PERFORMANCE_MISSING(locale, { laterFrom });
}

/** What the customer chose, in their words: for the confirmation page and the customer's mails; null when there was nothing to choose. */
export function earlyPerformanceChoice(booking: Pick<Booking, 'withdrawalPolicy' | 'earlyPerformanceRequested'>, locale: Locale): string | null {
  if (!booking.earlyPerformanceRequested) return null;
  const fr = locale === 'fr';
  if (booking.withdrawalPolicy === 'performed_at_request') {
    return fr
      ? 'Votre choix\u00a0: vous avez demandé que la prestation soit exécutée avant la fin du délai de rétractation et reconnu perdre votre droit de rétractation une fois qu’elle aura été pleinement exécutée (article L221-28, 1° du code de la consommation).'
      : 'Your choice: you asked for the service to be performed before the withdrawal period ends and acknowledged losing your right of withdrawal once it has been fully performed (article L221-28, 1° of the French consumer code).';
  }
  return fr
    ? 'Votre choix\u00a0: vous avez demandé que la prestation commence avant la fin de votre délai de rétractation de 14\u00a0jours. Vous gardez le droit de vous rétracter pendant ce délai, mais vous paierez alors la part de la prestation déjà effectuée (article L221-25 du code de la consommation).'
    : 'Your choice: you asked for the service to start before your 14-day withdrawal period ends. You keep the right to withdraw within that period, but you will then pay for the part of the service already performed (article L221-25 of the French consumer code).';
}

/** The same choice for the owner, in French: what may be started, and what is owed on withdrawal. */
export function earlyPerformanceForOwner(booking: Pick<Booking, 'withdrawalPolicy' | 'earlyPerformanceRequested' | 'start' | 'createdAt'>, locale: Locale = 'fr'): string {
  const fr = locale === 'fr';
  if (booking.earlyPerformanceRequested) {
    if (booking.withdrawalPolicy === 'performed_at_request') {
      return fr
        ? 'demandée par le client, qui renonce à la rétractation une fois la prestation pleinement exécutée'
        : 'requested by the customer, who gives up withdrawal once the service is fully performed';
    }
    return fr
      ? 'demandée par le client\u00a0: s’il se rétracte dans les 14\u00a0jours, il paie la part déjà effectuée'
      : 'requested by the customer: if they withdraw within the 14 days, they pay for the part already performed';
  }
  if (booking.withdrawalPolicy === 'applies' && startsWithinWithdrawalPeriod(Date.parse(booking.start), Date.parse(booking.createdAt))) {
    return fr ? 'non demandée' : 'not requested';
  }
  return fr ? 'sans objet (la prestation commence après le délai de rétractation ou n’y est pas soumise)' : 'not needed (the service starts after the withdrawal period or is not subject to it)';
}

import type { Locale } from '../../platform/i18n/locale.js';
import { formatPrice } from '../../platform/i18n/format.js';
import type { Service } from '../catalog/index.js';
import type { PaymentsService } from '../payments/index.js';
import { startsWithinWithdrawalPeriod, WITHDRAWAL_PERIOD_DAYS } from './booking-withdrawal.js';
import type { Booking } from './booking.model.js';
import type { BookingService } from './booking.service.js';
import type { OwnerCancellation } from './use-cases/cancel.js';
import type { CancelRefundInfo } from './views/agenda-pages.js';

const DAY = 24 * 3_600_000;

/** What the owner's cancel form says about giving money back; undefined when nothing was paid. */
export async function cancelRefundInfo(booking: BookingService, payments: Pick<PaymentsService, 'paidCentsByBooking'>, found: Booking, service: Service, nowMs: number): Promise<CancelRefundInfo | undefined> {
  const paidCents = (await payments.paidCentsByBooking([found.id])).get(found.id) ?? 0;
  if (paidCents <= 0) return undefined;
  const changes = booking.customerChanges(found, service);
  return {
    paidCents,
    currency: found.currency,
    beforeCutoff: changes.allowed,
    cutoffHours: changes.cutoffHours,
    // The right is the customer's for 14 days from the booking, where it applies (it is exercised by writing to the business).
    withdrawalOpen: found.withdrawalPolicy === 'applies' && nowMs < Date.parse(found.createdAt) + WITHDRAWAL_PERIOD_DAYS * DAY,
    earlyPerformanceRequested: found.earlyPerformanceRequested && startsWithinWithdrawalPeriod(Date.parse(found.start), Date.parse(found.createdAt)),
  };
}

/** « 49 », « 49,00 », « 49.5 » → cents; undefined when it is not an amount. */
function centsOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d{1,6})(?:[.,](\d{1,2}))?\s*(?:€)?\s*$/.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

const messages = {
  fr: {
    amount: 'Indiquez un montant en euros, par exemple 20 ou 20,50.',
    tooMuch: (paid: string) => `Vous ne pouvez pas rendre plus que ce que le client a payé (${paid}).`,
    cause: 'Choisissez pourquoi la réservation est annulée dans la liste.',
  },
  en: {
    amount: 'Enter an amount in euros, for example 20 or 20.50.',
    tooMuch: (paid: string) => `You cannot give back more than the customer paid (${paid}).`,
    cause: 'Choose why the booking is cancelled from the list.',
  },
};

/** The refund fields of the cancel form, read: how the owner cancels, or the errors beside their fields (nothing cancelled). */
export function ownerCancellationOf(body: Record<string, unknown> | undefined, info: CancelRefundInfo | undefined, locale: Locale): { how: OwnerCancellation } | { errors: Record<string, string> } {
  if (!info) return { how: { by: 'business' } };
  const m = messages[locale];
  const paid = formatPrice(info.paidCents, info.currency, locale);
  const cause = body?.refundCause ?? 'business';
  if (cause === 'business') return { how: { by: 'business' } };
  if (cause === 'withdrawal' && info.withdrawalOpen) {
    if (!info.earlyPerformanceRequested || !String(body?.performedAmount ?? '').trim()) return { how: { by: 'withdrawal', performedCents: 0 } };
    const performed = centsOf(body?.performedAmount);
    if (performed === undefined) return { errors: { performedAmount: m.amount } };
    if (performed > info.paidCents) return { errors: { performedAmount: m.tooMuch(paid) } };
    return { how: { by: 'withdrawal', performedCents: performed } };
  }
  if (cause !== 'customer_request') return { errors: { refundCause: m.cause } };
  const choice = body?.refundChoice ?? 'full';
  if (info.beforeCutoff || choice === 'full') return { how: { by: 'customer_request', choice: { kind: 'full' } } };
  if (choice === 'none') return { how: { by: 'customer_request', choice: { kind: 'none' } } };
  const cents = centsOf(body?.refundAmount);
  if (choice !== 'amount' || cents === undefined) return { errors: { refundAmount: m.amount } };
  if (cents > info.paidCents) return { errors: { refundAmount: m.tooMuch(paid) } };
  return { how: { by: 'customer_request', choice: { kind: 'amount', cents } } };
}

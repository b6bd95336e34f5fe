import type { Localized } from '../../platform/i18n/locale.js';
import type { PaymentsTable } from './payments.tables.js';
import type { PaymentRefundsTable } from './payments.refunds.tables.js';

/** What an anonymised record names instead of its booking: the booking is the link to the person. */
export const ERASED_BOOKING = 'erased';
/** What replaces a free-text reason, which could name the person. */
export const ERASED_TEXT = '[effacé]';

/** Code de commerce L123-22: accounting records and their supporting documents, ten years from the end of the financial year. */
export const PAYMENT_ARCHIVE_GROUND: Localized = {
  fr: 'Code de commerce, art. L123-22\u00a0: conservation des documents comptables et des pièces justificatives dix ans à compter de la clôture de l’exercice',
  en: 'French Commercial Code, art. L123-22: accounting records and supporting documents are kept ten years from the end of the financial year',
};

/** The last day the archive keeps a record of a day: the end of the tenth year after that financial year (the calendar year). */
export function paymentKeepUntil(day: string): string {
  return `${Number(day.slice(0, 4)) + 10}-12-31`;
}

/**
 * A ledger record once its person is erased: no link to the booking, no free-text reason; the
 * amount, method, dates, who recorded it, its position and hashes stay (the daily closings and the
 * chain need them). Deterministic: ledger verify recomputes it from the archived copy and requires
 * the stored record to be exactly this.
 */
export function anonymisedPaymentRow(row: PaymentsTable): PaymentsTable {
  return { ...row, booking_id: ERASED_BOOKING, reason: row.reason === null ? null : ERASED_TEXT };
}

/** A refund once its person is erased: amounts, statuses and the provider's refund id stay (the owner's reconciliation). */
export function anonymisedRefund(row: PaymentRefundsTable): Pick<PaymentRefundsTable, 'booking_id' | 'reason' | 'failure'> {
  return { booking_id: ERASED_BOOKING, reason: ERASED_TEXT, failure: row.failure === null ? null : ERASED_TEXT };
}

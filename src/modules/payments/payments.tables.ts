/** Table types of the payments module. */

/** Money taken on site by the owner or staff. */
export type OnSitePaymentMethod = 'cash' | 'card_terminal' | 'cheque' | 'bank_transfer';
/** On site, or online through a provider (recorded when the provider confirms it: payments.online.ts). */
export type PaymentMethod = OnSitePaymentMethod | 'stripe' | 'paypal';
/** payment: money received; correction: a negative entry that undoes part or all of one payment (records are never edited). */
export type PaymentKind = 'payment' | 'correction';

/** One entry of the ledger: never updated, never deleted. */
export interface PaymentsTable {
  id: string;
  /** Position in the ledger's one chain (payments and closings share it), from 1, without gaps. */
  sequence: number;
  /** The booking it pays; no foreign key: the record outlives the booking's retention. */
  booking_id: string;
  kind: PaymentKind;
  method: PaymentMethod;
  /** Positive for a payment, negative for a correction. */
  amount_cents: number;
  currency: string;
  /** The day the money changed hands, YYYY-MM-DD, as the owner typed it. */
  paid_on: string;
  /** A correction: the payment it undoes. */
  corrects_id: string | null;
  /** A correction: why. */
  reason: string | null;
  recorded_at: string;
  /** The back-office account that recorded it (its id; no foreign key: the record outlives the account). */
  recorded_by: string | null;
  previous_hash: string;
  /** SHA-256 (hex) of the previous hash and this record's canonical serialisation (payments.chain.ts). */
  hash: string;
}

/** A day's closing: the totals of the records of that day (Europe/Paris), fixed in the chain. */
export interface PaymentClosingsTable {
  id: string;
  sequence: number;
  /** YYYY-MM-DD in the business's time zone; one closing per day. */
  day: string;
  records: number;
  total_cents: number;
  /** JSON { method: cents }, keys sorted. */
  totals_by_method: string;
  /** Everything recorded since the first record, up to the end of this day (the perpetual grand total). */
  running_total_cents: number;
  closed_at: string;
  previous_hash: string;
  hash: string;
}

/** One row (id 1): the last position of the chain and its hash, updated with each record. */
export interface PaymentLedgerHeadTable {
  id: number;
  sequence: number;
  hash: string;
}

export interface PaymentsTables {
  payments: PaymentsTable;
  payment_closings: PaymentClosingsTable;
  payment_ledger_head: PaymentLedgerHeadTable;
}

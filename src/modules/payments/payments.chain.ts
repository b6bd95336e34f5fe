import { createHash } from 'node:crypto';
import { anonymisedPaymentRow } from './payments.erasure.js';
import type { PaymentClosingsTable, PaymentsTable } from './payments.tables.js';

/** The hash before the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * A payment record as the chain hashes it: every column but the hash, in a fixed order, as a
 * JSON array (numbers as integers, instants as ISO-8601 UTC with milliseconds, absent values as
 * null). Changing any column, the order of the records or the link to the previous one changes it.
 */
export function paymentCanonical(row: Omit<PaymentsTable, 'hash'>): string {
  return JSON.stringify([
    'payment/1',
    row.sequence,
    row.id,
    row.booking_id,
    row.kind,
    row.method,
    row.amount_cents,
    row.currency,
    row.paid_on,
    row.corrects_id,
    row.reason,
    new Date(row.recorded_at).toISOString(),
    row.recorded_by,
    row.previous_hash,
  ]);
}

export function closingCanonical(row: Omit<PaymentClosingsTable, 'hash'>): string {
  return JSON.stringify([
    'closing/1',
    row.sequence,
    row.id,
    row.day,
    row.records,
    row.total_cents,
    row.totals_by_method,
    row.running_total_cents,
    new Date(row.closed_at).toISOString(),
    row.previous_hash,
  ]);
}

/** SHA-256 (hex) of the previous record's hash and this record's canonical form. */
export function chainHash(previousHash: string, canonical: string): string {
  return createHash('sha256').update(`${previousHash}\n${canonical}`, 'utf8').digest('hex');
}

export type LedgerRecord = { type: 'payment'; row: PaymentsTable } | { type: 'closing'; row: PaymentClosingsTable };

export type ChainVerdict =
  | { intact: true; records: number; headHash: string }
  | { intact: false; records: number; sequence: number; record: LedgerRecord | null; problem: 'altered' | 'unlinked' | 'missing' | 'head' | 'archived-altered' | 'diverged' };

/** Whether a record (as stored, or as archived) still gives the hash the chain holds for it. */
export function recordMatchesHash(record: LedgerRecord, hash: string): boolean {
  const { hash: _own, ...rest } = record.row;
  const canonical = record.type === 'payment' ? paymentCanonical(rest as Omit<PaymentsTable, 'hash'>) : closingCanonical(rest as Omit<PaymentClosingsTable, 'hash'>);
  return chainHash(record.row.previous_hash, canonical) === hash;
}

function samePayment(a: PaymentsTable, b: PaymentsTable): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => JSON.stringify((a as unknown as Record<string, unknown>)[k] ?? null) === JSON.stringify((b as unknown as Record<string, unknown>)[k] ?? null));
}

/**
 * Walks the records in their chain order (they must be sorted by sequence) and names the first
 * broken link: a record whose content no longer gives its hash (altered), a record that does not
 * point to the previous one's hash (unlinked: one was changed and re-hashed, or inserted), a
 * missing position (deleted), or a head that does not name the last record (the last ones deleted).
 */
export function verifyChain(
  records: LedgerRecord[],
  head: { sequence: number; hash: string },
  /**
   * The legal archive's copies (by payment id) of the records that no longer give their hash here:
   * an anonymised record passes when its archived copy gives the chain's hash and anonymising that
   * copy gives exactly the stored record (archived-altered: the copy was changed; diverged: the stored one was).
   */
  archived: ReadonlyMap<string, PaymentsTable> = new Map(),
): ChainVerdict {
  let previous = GENESIS_HASH;
  let expected = 1;
  for (const record of records) {
    const { row } = record;
    if (row.sequence !== expected) return { intact: false, records: records.length, sequence: expected, record: null, problem: 'missing' };
    const { hash } = row;
    if (!recordMatchesHash(record, hash)) {
      const copy = record.type === 'payment' ? archived.get(row.id) : undefined;
      if (!copy) return { intact: false, records: records.length, sequence: row.sequence, record, problem: 'altered' };
      if (!recordMatchesHash({ type: 'payment', row: copy }, hash)) return { intact: false, records: records.length, sequence: row.sequence, record, problem: 'archived-altered' };
      if (!samePayment(anonymisedPaymentRow(copy), row as PaymentsTable)) return { intact: false, records: records.length, sequence: row.sequence, record, problem: 'diverged' };
    }
    if (row.previous_hash !== previous) return { intact: false, records: records.length, sequence: row.sequence, record, problem: 'unlinked' };
    previous = hash;
    expected++;
  }
  if (head.sequence !== expected - 1 || head.hash !== previous) {
    return { intact: false, records: records.length, sequence: Math.min(head.sequence, expected), record: null, problem: head.sequence >= expected ? 'missing' : 'head' };
  }
  return { intact: true, records: records.length, headHash: previous };
}

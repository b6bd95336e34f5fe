import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, paymentCanonical, verifyChain, type LedgerRecord } from './payments.chain.js';
import { paymentStatusOf } from './payments.model.js';
import { recordPaymentSchema } from './payments.schemas.js';
import type { PaymentsTable } from './payments.tables.js';

describe('payment status', () => {
  it('compares what was received with the price', () => {
    expect(paymentStatusOf(0, 0)).toBe('free');
    expect(paymentStatusOf(4900, 0)).toBe('unpaid');
    expect(paymentStatusOf(4900, 100)).toBe('partly_paid');
    expect(paymentStatusOf(4900, 4900)).toBe('paid');
    expect(paymentStatusOf(4900, 5000)).toBe('overpaid');
  });
});

describe('amounts typed as people write them', () => {
  const cents = (amount: string) => recordPaymentSchema.safeParse({ method: 'cash', amount }).data?.amount;
  it('reads euros with a comma or a point, spaces and the euro sign', () => {
    expect(cents('49')).toBe(4900);
    expect(cents('49,00')).toBe(4900);
    expect(cents('49,5')).toBe(4950);
    expect(cents(' 1 234,50 € ')).toBe(123450);
    expect(cents('49.90')).toBe(4990);
    for (const bad of ['', '0', '0,00', '-5', '49,999', '4,9,0', 'abc', '1e3']) expect(cents(bad), bad).toBeUndefined();
  });
});

describe('the chain', () => {
  function chain(amounts: number[]): LedgerRecord[] {
    let previous = GENESIS_HASH;
    return amounts.map((amount, i) => {
      const row: Omit<PaymentsTable, 'hash'> = {
        id: `p${i + 1}`,
        sequence: i + 1,
        booking_id: 'b1',
        kind: 'payment',
        method: 'cash',
        amount_cents: amount,
        currency: 'EUR',
        paid_on: '2026-11-26',
        corrects_id: null,
        reason: null,
        recorded_at: '2026-11-26T08:00:00.000Z',
        recorded_by: null,
        previous_hash: previous,
      };
      previous = chainHash(previous, paymentCanonical(row));
      return { type: 'payment', row: { ...row, hash: previous } };
    });
  }
  const headOf = (records: LedgerRecord[]) => ({ sequence: records.length, hash: records.at(-1)?.row.hash ?? GENESIS_HASH });

  it('is intact as written, and names an altered, a missing or an unlinked record, or a stale head', () => {
    const records = chain([100, 200, 300]);
    expect(verifyChain(records, headOf(records))).toMatchObject({ intact: true, records: 3 });
    expect(verifyChain([], { sequence: 0, hash: GENESIS_HASH })).toMatchObject({ intact: true, records: 0 });

    const altered = records.map((r) => (r.row.sequence === 2 ? { ...r, row: { ...r.row, amount_cents: 250 } } : r)) as LedgerRecord[];
    expect(verifyChain(altered, headOf(records))).toMatchObject({ intact: false, sequence: 2, problem: 'altered' });

    expect(verifyChain([records[0]!, records[2]!], headOf(records))).toMatchObject({ intact: false, sequence: 2, problem: 'missing' });
    // The last one deleted: the head still names it.
    expect(verifyChain(records.slice(0, 2), headOf(records))).toMatchObject({ intact: false, sequence: 3, problem: 'missing' });

    // Record 2 changed and re-hashed by someone who knows the recipe: record 3 no longer follows it.
    const rewritten = chain([100, 250, 300]);
    const forged = [records[0]!, rewritten[1]!, records[2]!];
    expect(verifyChain(forged, headOf(records))).toMatchObject({ intact: false, sequence: 3, problem: 'unlinked' });

    // One appended outside the application (the head was not moved).
    const longer = chain([100, 200, 300, 400]);
    expect(verifyChain(longer, headOf(records))).toMatchObject({ intact: false, problem: 'head' });
  });
});

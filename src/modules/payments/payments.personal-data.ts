import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Localized } from '../../platform/i18n/locale.js';
import { fiscalYearsEndedBefore } from '../../platform/period.js';
import { bookingIdsOfSubject } from '../../platform/personal-data.js';
import type { DataSubject, ErasureLine, PersonalDataFound, PersonalDataPort, PersonalRecords, PortContext, RetentionRule } from '../../platform/privacy-register.js';
import { anonymisedPaymentRow, anonymisedRefund, ERASED_BOOKING, PAYMENT_ARCHIVE_GROUND, paymentKeepUntil } from './payments.erasure.js';
import type { PaymentAttemptsTable } from './payments.online.tables.js';
import type { PaymentRefundsTable } from './payments.refunds.tables.js';
import type { PaymentsTable } from './payments.tables.js';

const labels = {
  payments: { fr: 'Paiements', en: 'Payments' },
  attempts: { fr: 'Tentatives de paiement en ligne', en: 'Online payment attempts' },
  refunds: { fr: 'Remboursements', en: 'Refunds' },
} satisfies Record<string, Localized>;

/** A refund still under way (no ledger correction yet): its job still needs its booking. */
const REFUND_UNDER_WAY: Localized = {
  fr: 'remboursement en cours\u00a0: il est archivé puis anonymisé dès qu’il est fait (exécution du contrat)',
  en: 'refund under way: it is archived then anonymised as soon as it is made (performance of the contract)',
};

interface Held {
  payments: PaymentsTable[];
  attempts: PaymentAttemptsTable[];
  refunds: PaymentRefundsTable[];
}

async function heldFor(db: Kysely<DB>, bookingIds: string[]): Promise<Held> {
  if (bookingIds.length === 0) return { payments: [], attempts: [], refunds: [] };
  const [payments, attempts, refunds] = await Promise.all([
    db.selectFrom('payments').selectAll().where('booking_id', 'in', bookingIds).orderBy('sequence').execute(),
    db.selectFrom('payment_attempts').selectAll().where('booking_id', 'in', bookingIds).orderBy('created_at').execute(),
    db.selectFrom('payment_refunds').selectAll().where('booking_id', 'in', bookingIds).orderBy('created_at').execute(),
  ]);
  return { payments, attempts, refunds };
}

/** What archiving a record needs: the database (or transaction) and the archive's writer. */
type Archiving = Pick<PortContext, 'db' | 'archive'>;

/** Copies a ledger record unchanged to the archive, then anonymises it here (payments.erasure.ts). */
export async function archivePayment(ctx: Archiving, row: PaymentsTable, customerId: string | null): Promise<void> {
  await ctx.archive.put({ kind: 'payment', recordId: row.id, customerId, record: row, ground: PAYMENT_ARCHIVE_GROUND, keepUntil: paymentKeepUntil(row.paid_on) });
  const erased = anonymisedPaymentRow(row);
  await ctx.db.updateTable('payments').set({ booking_id: erased.booking_id, reason: erased.reason }).where('id', '=', row.id).execute();
}

/**
 * A paid attempt (the provider's ids and fraud verdict: the supporting document of an online
 * payment) goes to the archive; any attempt then leaves the database, and the provider events that
 * pointed to it keep only their ids (a redelivery is still recognised, and finds no attempt).
 */
async function archiveOrDeleteAttempt(ctx: PortContext, row: PaymentAttemptsTable, customerId: string | null): Promise<'archived' | 'deleted'> {
  const paid = row.payment_id !== null;
  if (paid) await ctx.archive.put({ kind: 'payment-attempt', recordId: row.id, customerId, record: row, ground: PAYMENT_ARCHIVE_GROUND, keepUntil: paymentKeepUntil(row.created_at.slice(0, 10)) });
  await ctx.db.updateTable('provider_events').set({ attempt_id: null }).where('attempt_id', '=', row.id).execute();
  await ctx.db.deleteFrom('payment_attempts').where('id', '=', row.id).execute();
  return paid ? 'archived' : 'deleted';
}

/** Copies a settled refund unchanged to the archive, then anonymises it here. */
export async function archiveRefund(ctx: Archiving, row: PaymentRefundsTable, customerId: string | null): Promise<void> {
  await ctx.archive.put({ kind: 'payment-refund', recordId: row.id, customerId, record: row, ground: PAYMENT_ARCHIVE_GROUND, keepUntil: paymentKeepUntil(row.created_at.slice(0, 10)) });
  await ctx.db.updateTable('payment_refunds').set(anonymisedRefund(row)).where('id', '=', row.id).execute();
}

const settled = (refund: PaymentRefundsTable) => refund.correction_id !== null;
const latest = (days: string[]) => days.map(paymentKeepUntil).sort().at(-1)!;

export const paymentsPersonalData: PersonalDataPort = {
  async find(ctx, subject): Promise<PersonalDataFound[]> {
    const held = await heldFor(ctx.db, await bookingIdsOfSubject(ctx.db, subject));
    return (
      [
        ['payments', labels.payments, held.payments.length],
        ['payment-attempts', labels.attempts, held.attempts.length],
        ['refunds', labels.refunds, held.refunds.length],
      ] as const
    )
      .filter(([, , count]) => count > 0)
      .map(([kind, label, count]) => ({ kind, label, count }));
  },

  async export(ctx, subject): Promise<PersonalRecords[]> {
    const held = await heldFor(ctx.db, await bookingIdsOfSubject(ctx.db, subject));
    const records: PersonalRecords[] = [];
    if (held.payments.length > 0) {
      records.push({
        kind: 'payments',
        label: labels.payments,
        activities: ['payments'],
        rows: held.payments.map((p) => ({ id: p.id, booking_id: p.booking_id, kind: p.kind, method: p.method, amount_cents: Number(p.amount_cents), currency: p.currency, paid_on: p.paid_on, reason: p.reason, recorded_at: p.recorded_at })),
      });
    }
    if (held.attempts.length > 0) {
      records.push({
        kind: 'payment-attempts',
        label: labels.attempts,
        activities: ['online-payments'],
        rows: held.attempts.map((a) => ({ id: a.id, booking_id: a.booking_id, provider: a.provider, purpose: a.purpose, amount_cents: Number(a.amount_cents), currency: a.currency, status: a.status, provider_ref: a.provider_ref, provider_payment_ref: a.provider_payment_ref, fraud_outcome: a.fraud_outcome, created_at: a.created_at })),
      });
    }
    if (held.refunds.length > 0) {
      records.push({
        kind: 'refunds',
        label: labels.refunds,
        activities: ['payments'],
        rows: held.refunds.map((r) => ({ id: r.id, booking_id: r.booking_id, payment_id: r.payment_id, method: r.method, amount_cents: Number(r.amount_cents), currency: r.currency, status: r.status, provider_refund_ref: r.provider_refund_ref, reason: r.reason, created_at: r.created_at })),
      });
    }
    return records;
  },

  /**
   * Payments and refunds are accounting records kept ten years (L123-22): each is copied unchanged
   * to the legal archive, then anonymised here (the ledger's chain checked against the archived
   * copy). A paid attempt is archived too, then deleted with the unpaid ones.
   */
  async erase(ctx, subject): Promise<ErasureLine[]> {
    const held = await heldFor(ctx.db, await bookingIdsOfSubject(ctx.db, subject));
    const lines: ErasureLine[] = [];
    for (const row of held.payments) await archivePayment(ctx, row, subject.customerId);
    if (held.payments.length > 0) lines.push({ kind: 'payments', label: labels.payments, action: 'archived', count: held.payments.length, ground: PAYMENT_ARCHIVE_GROUND, until: latest(held.payments.map((p) => p.paid_on)) });

    const outcomes = { archived: [] as PaymentAttemptsTable[], deleted: [] as PaymentAttemptsTable[] };
    for (const row of held.attempts) outcomes[await archiveOrDeleteAttempt(ctx, row, subject.customerId)].push(row);
    if (outcomes.archived.length > 0) lines.push({ kind: 'payment-attempts', label: labels.attempts, action: 'archived', count: outcomes.archived.length, ground: PAYMENT_ARCHIVE_GROUND, until: latest(outcomes.archived.map((a) => a.created_at.slice(0, 10))) });
    if (outcomes.deleted.length > 0) lines.push({ kind: 'payment-attempts', label: labels.attempts, action: 'deleted', count: outcomes.deleted.length });

    const done = held.refunds.filter(settled);
    for (const row of done) await archiveRefund(ctx, row, subject.customerId);
    if (done.length > 0) lines.push({ kind: 'refunds', label: labels.refunds, action: 'archived', count: done.length, ground: PAYMENT_ARCHIVE_GROUND, until: latest(done.map((r) => r.created_at.slice(0, 10))) });
    const underWay = held.refunds.length - done.length;
    if (underWay > 0) lines.push({ kind: 'refunds', label: labels.refunds, action: 'kept', count: underWay, ground: REFUND_UNDER_WAY });
    return lines;
  },
};

async function customersOfBookings(db: Kysely<DB>, bookingIds: string[]): Promise<Map<string, string | null>> {
  if (bookingIds.length === 0) return new Map();
  const rows = await db.selectFrom('bookings').select(['id', 'customer_id']).where('id', 'in', [...new Set(bookingIds)]).execute();
  return new Map(rows.map((r) => [r.id, r.customer_id]));
}

/**
 * Active life of the money records: two years after the end of the financial year, long enough to
 * answer a customer's claim (a consumer's action prescribes in two years, Code de la consommation
 * L218-2) and for the accountant's closing of the following year; then to the archive, for the eight
 * years left of the ten (L123-22). Unpaid attempts hold no money: three months, to answer a customer
 * asking about a failed payment. Provider events without their attempt: three months too, well past
 * the providers' redelivery (Stripe retries for three days, PayPal likewise).
 */
export const paymentsRetention: RetentionRule[] = [
  {
    id: 'payments.active-life',
    activity: 'payments',
    records: { fr: 'vos paiements et remboursements', en: 'your payments and refunds' },
    keep: { years: 2 },
    from: { fr: 'la fin de l’exercice du paiement', en: 'the end of the financial year of the payment' },
    then: 'archive',
    archive: { ground: PAYMENT_ARCHIVE_GROUND, keep: { years: 8 } },
    async apply(ctx, cutoff, { dryRun }) {
      const before = fiscalYearsEndedBefore(cutoff);
      const payments = await ctx.db.selectFrom('payments').selectAll().where('booking_id', '!=', ERASED_BOOKING).where('paid_on', '<', before).orderBy('sequence').execute();
      const refunds = await ctx.db.selectFrom('payment_refunds').selectAll().where('booking_id', '!=', ERASED_BOOKING).where('correction_id', 'is not', null).where('created_at', '<', before).execute();
      if (!dryRun) {
        const customers = await customersOfBookings(ctx.db, [...payments, ...refunds].map((r) => r.booking_id));
        for (const row of payments) await archivePayment(ctx, row, customers.get(row.booking_id) ?? null);
        for (const row of refunds) await archiveRefund(ctx, row, customers.get(row.booking_id) ?? null);
      }
      return payments.length + refunds.length;
    },
  },
  {
    id: 'payments.paid-attempts',
    activity: 'online-payments',
    records: { fr: 'les tentatives de paiement en ligne abouties (identifiants du prestataire et résultat de son contrôle anti-fraude)', en: 'successful online payment attempts (the provider’s ids and its fraud check result)' },
    keep: { years: 2 },
    from: { fr: 'la fin de l’exercice du paiement', en: 'the end of the financial year of the payment' },
    then: 'archive',
    archive: { ground: PAYMENT_ARCHIVE_GROUND, keep: { years: 8 } },
    async apply(ctx, cutoff, { dryRun }) {
      const due = await ctx.db.selectFrom('payment_attempts').selectAll().where('payment_id', 'is not', null).where('created_at', '<', fiscalYearsEndedBefore(cutoff)).execute();
      if (!dryRun) {
        const customers = await customersOfBookings(ctx.db, due.map((r) => r.booking_id));
        for (const row of due) await archiveOrDeleteAttempt(ctx, row, customers.get(row.booking_id) ?? null);
      }
      return due.length;
    },
  },
  {
    id: 'payments.unpaid-attempts',
    activity: 'online-payments',
    records: { fr: 'les tentatives de paiement en ligne qui n’ont pas abouti', en: 'online payment attempts that did not succeed' },
    keep: { months: 3 },
    from: { fr: 'la tentative', en: 'the attempt' },
    then: 'delete',
    async apply(ctx, cutoff, { dryRun }) {
      const due = await ctx.db
        .selectFrom('payment_attempts')
        .select('id')
        .where('payment_id', 'is', null)
        .where('status', 'in', ['failed', 'expired', 'cancelled'])
        .where('updated_at', '<', cutoff.toISOString())
        .execute();
      if (!dryRun && due.length > 0) {
        const ids = due.map((r) => r.id);
        await ctx.db.updateTable('provider_events').set({ attempt_id: null }).where('attempt_id', 'in', ids).execute();
        await ctx.db.deleteFrom('payment_attempts').where('id', 'in', ids).execute();
      }
      return due.length;
    },
  },
  {
    id: 'payments.provider-events',
    activity: 'online-payments',
    records: { fr: 'les identifiants des notifications des prestataires de paiement dont la tentative n’est plus conservée', en: 'the ids of the payment providers’ notifications whose attempt is no longer kept' },
    keep: { months: 3 },
    from: { fr: 'leur réception', en: 'their receipt' },
    then: 'delete',
    async apply(ctx, cutoff, { dryRun }) {
      const due = ctx.db
        .selectFrom('provider_events')
        .select('id')
        .where('received_at', '<', cutoff.toISOString())
        .where(({ or, eb, not, exists, selectFrom }) =>
          or([eb('attempt_id', 'is', null), not(exists(selectFrom('payment_attempts').select('payment_attempts.id').whereRef('payment_attempts.id', '=', 'provider_events.attempt_id')))]),
        );
      const ids = (await due.execute()).map((r) => r.id);
      if (!dryRun && ids.length > 0) await ctx.db.deleteFrom('provider_events').where('id', 'in', ids).execute();
      return ids.length;
    },
  },
];

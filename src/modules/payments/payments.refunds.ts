import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { inSerializableTransaction } from '../../db/transaction.js';
import type { BusinessProfile } from '../../platform/business.js';
import type { Clock } from '../../platform/clock.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { LegalArchiveWriter } from '../../platform/privacy-register.js';
import { newId } from '../../platform/ids.js';
import type { JobRun, JobsService } from '../jobs/index.js';
import type { OutboxService } from '../outbox/index.js';
import * as attempts from './payments.attempts.queries.js';
import * as ledgerQueries from './payments.queries.js';
import { ERASED_BOOKING } from './payments.erasure.js';
import { archivePayment, archiveRefund } from './payments.personal-data.js';
import * as queries from './payments.refunds.queries.js';
import type { Refund } from './payments.refunds.queries.js';
import { refundMail } from './payments.refunds.mail.js';
import type { PaymentsService } from './payments.service.js';
import { ProviderUnavailable, type PaymentProvider, type ProviderEvent, type ProviderName } from './providers/provider.js';

export const REFUND_JOB = 'payments.refund';
export const REFUND_POLL_JOB = 'payments.refund.poll';
const MINUTE = 60_000;
/** A refund the provider has not finished is asked about again this long after (its webhook usually comes first). */
const POLL_AFTER_MS = 60 * MINUTE;
const ONLINE: readonly string[] = ['stripe', 'paypal'];

/** Who is told of a refund, read before the transaction that records it (the booking module's, wired in app.ts). */
export interface RefundRecipient {
  email: string;
  locale: Locale;
  reference: string;
  serviceName: string;
}

export interface RefundsDeps {
  database: Database;
  clock: Clock;
  jobs: JobsService;
  outbox: Pick<OutboxService, 'enqueue' | 'wake'>;
  ledger: Pick<PaymentsService, 'correctWithin'>;
  providers: readonly PaymentProvider[];
  business: () => BusinessProfile;
  recipientOf: (bookingId: string) => Promise<RefundRecipient | null>;
  /** Where a refund made after its customer's erasure goes, with its correction (the legal archive's writer). */
  archive: LegalArchiveWriter;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/** What a cancellation gives back, split by how: through the providers, or by the owner's hand (payments taken on site). */
export interface RefundPlan {
  onlineCents: number;
  byHandCents: number;
  refunds: Refund[];
}

export type RefundsService = ReturnType<typeof createRefunds>;

/** The idempotency key of one ask: the first is the refund's own; a retry after a refusal gets a new one (the provider would replay the refusal). */
export const refundKeyOf = (refund: Pick<Refund, 'id' | 'tries'>) => (refund.tries <= 1 ? `ws-refund-${refund.id}` : `ws-refund-${refund.id}-${refund.tries}`);

/**
 * Refunds: money given back for a booking's payments. Planned inside the cancellation's own
 * transaction (a row per payment and a job, no HTTP there); the job asks the provider; once the
 * provider says it is made (its answer, a polling job, or its refund webhook) the correction is
 * appended to the ledger in the same transaction that marks the refund done, and the customer is
 * mailed. Payments taken on site are given back by the owner, who records the correction.
 */
export function createRefunds(deps: RefundsDeps) {
  const { database, clock, jobs } = deps;
  const db = database.db;
  const byName = new Map(deps.providers.map((p) => [p.name, p]));

  function provider(name: ProviderName): PaymentProvider {
    const found = byName.get(name);
    if (!found) throw new ProviderUnavailable(name, `${name} is not configured`);
    return found;
  }

  /**
   * Inside the caller's transaction: gives back `amountCents` of what the booking received (or of
   * one payment), online payments first. Never more than what remains of each payment once the
   * refunds already under way are counted.
   */
  async function giveBackWithin(trx: Kysely<DB>, request: { bookingId: string; amountCents: number; reason: string; paymentId?: string }): Promise<RefundPlan> {
    const at = clock.now().toISOString();
    const entries = await ledgerQueries.selectPaymentsOfBooking(trx, request.bookingId);
    const underWay = (await queries.selectRefundsOfBooking(trx, request.bookingId)).filter((r) => r.correctionId === null);
    const remaining = entries
      .filter((e) => e.kind === 'payment' && (request.paymentId === undefined || e.id === request.paymentId))
      .map((payment) => ({
        payment,
        cents:
          payment.amountCents +
          entries.filter((c) => c.correctsId === payment.id).reduce((sum, c) => sum + c.amountCents, 0) -
          underWay.filter((r) => r.paymentId === payment.id).reduce((sum, r) => sum + r.amountCents, 0),
      }))
      .filter((p) => p.cents > 0)
      // Online first: the provider gives it back without the owner handling money.
      .sort((a, b) => Number(ONLINE.includes(b.payment.method)) - Number(ONLINE.includes(a.payment.method)) || a.payment.sequence - b.payment.sequence);
    const plan: RefundPlan = { onlineCents: 0, byHandCents: 0, refunds: [] };
    let left = Math.max(0, request.amountCents);
    for (const { payment, cents } of remaining) {
      if (left <= 0) break;
      const amount = Math.min(cents, left);
      left -= amount;
      const online = ONLINE.includes(payment.method) && byName.has(payment.method as ProviderName);
      const id = newId();
      const row = {
        id,
        booking_id: request.bookingId,
        payment_id: payment.id,
        method: payment.method,
        amount_cents: amount,
        currency: payment.currency,
        status: online ? ('requested' as const) : ('by_hand' as const),
        provider_refund_ref: null,
        reason: request.reason,
        tries: online ? 1 : 0,
        failure: null,
        correction_id: null,
        created_at: at,
        updated_at: at,
      };
      await queries.insertRefund(trx, row);
      if (online) {
        plan.onlineCents += amount;
        await jobs.schedule(trx, { kind: REFUND_JOB, key: `${REFUND_JOB}:${id}:1`, payload: { refundId: id }, runAt: clock.now() });
      } else plan.byHandCents += amount;
      plan.refunds.push((await queries.selectRefund(trx, id))!);
    }
    return plan;
  }

  /** The payment's reference at its provider (Stripe PaymentIntent, PayPal capture), from the attempt that paid it. */
  async function paymentRefOf(refund: Refund): Promise<string | null> {
    const rows = await db.selectFrom('payment_attempts').select('id').where('payment_id', '=', refund.paymentId).execute();
    const attempt = rows[0] ? await attempts.selectAttempt(db, rows[0].id) : undefined;
    return attempt?.providerPaymentRef ?? null;
  }

  /** A refund asked of the provider whose answer (and so its id) is not stored yet: its webhook can come first. */
  async function awaitingAnswer(name: ProviderName, paymentRef: string, amountCents: number): Promise<Refund | undefined> {
    const paid = await db.selectFrom('payment_attempts').select('payment_id').where('provider', '=', name).where('provider_payment_ref', '=', paymentRef).executeTakeFirst();
    if (!paid?.payment_id) return undefined;
    const refunds = await db.selectFrom('payment_refunds').select('id').where('payment_id', '=', paid.payment_id).where('status', '=', 'requested').where('amount_cents', '=', amountCents).where('provider_refund_ref', 'is', null).execute();
    return refunds.length === 1 ? queries.selectRefund(db, refunds[0]!.id) : undefined;
  }

  /** Read before the transaction that completes a refund: no query may use the root handle inside one. */
  async function prepare(refundId: string): Promise<{ refund: Refund; recipient: RefundRecipient | null } | null> {
    const refund = await queries.selectRefund(db, refundId);
    return refund ? { refund, recipient: await deps.recipientOf(refund.bookingId) } : null;
  }

  /**
   * The provider made the refund: in the caller's transaction the refund marked done (once: a
   * webhook and the job's answer may race), its correction appended to the ledger and the
   * customer's mail queued. False when it was already done.
   */
  async function completeWithin(trx: Kysely<DB>, prepared: { refund: Refund; recipient: RefundRecipient | null }, refundRef: string | undefined): Promise<boolean> {
    const { refund, recipient } = prepared;
    const at = clock.now().toISOString();
    if (!(await queries.moveRefund(trx, refund.id, ['requested', 'pending', 'failed'], { status: 'succeeded', at, ...(refundRef ? { providerRefundRef: refundRef } : {}), failure: null }))) return false;
    const correction = await deps.ledger.correctWithin(trx, { bookingId: refund.bookingId, correctsId: refund.paymentId, amountCents: refund.amountCents, reason: refund.reason });
    await queries.moveRefund(trx, refund.id, ['succeeded'], { status: 'succeeded', at, correctionId: correction.id });
    if (await refundsAnErasedPayment(trx, refund)) {
      await archiveAfterErasure(trx, refund.id, correction.id);
      return true;
    }
    if (recipient) {
      await deps.outbox.enqueue(trx, { kind: 'payment-refunded', category: 'transactional', recipient: recipient.email, locale: recipient.locale, bookingId: refund.bookingId, ...refundMail({ business: deps.business(), recipient, refund }) });
    }
    return true;
  }

  /** The payment this refund gives back was anonymised: its customer was erased while the refund was under way. */
  async function refundsAnErasedPayment(trx: Kysely<DB>, refund: Refund): Promise<boolean> {
    const paid = await trx.selectFrom('payments').select('booking_id').where('id', '=', refund.paymentId).executeTakeFirst();
    return paid?.booking_id === ERASED_BOOKING;
  }

  /**
   * What the erasure reported « kept » until the refund was made: the refund and its ledger
   * correction are archived unchanged, then anonymised, as the personal-data port does for the
   * settled ones (same functions), in the transaction that completes the refund. Nobody is mailed:
   * the erased person's address is gone with them.
   */
  async function archiveAfterErasure(trx: Kysely<DB>, refundId: string, correctionId: string): Promise<void> {
    const archiving = { db: trx, archive: deps.archive };
    const correction = await trx.selectFrom('payments').selectAll().where('id', '=', correctionId).executeTakeFirstOrThrow();
    await archivePayment(archiving, correction, null);
    const refund = await trx.selectFrom('payment_refunds').selectAll().where('id', '=', refundId).executeTakeFirstOrThrow();
    await archiveRefund(archiving, refund, null);
  }

  async function complete(refundId: string, refundRef: string | undefined): Promise<boolean> {
    const prepared = await prepare(refundId);
    if (!prepared) return false;
    const done = await inSerializableTransaction(database, (trx) => completeWithin(trx, prepared, refundRef));
    if (done) deps.outbox.wake();
    return done;
  }

  /** Asks the provider to give the money back (the job); a provider out of reach is asked again by the job's retries. */
  async function ask(refund: Refund, run: JobRun): Promise<void> {
    const paymentRef = await paymentRefOf(refund);
    const at = () => clock.now().toISOString();
    if (!paymentRef) {
      await queries.moveRefund(db, refund.id, ['requested'], { status: 'failed', at: at(), failure: 'payment reference unknown' });
      return;
    }
    const result = await provider(refund.method as ProviderName).refund({ paymentRef, amountCents: refund.amountCents, currency: refund.currency, idempotencyKey: refundKeyOf(refund), reason: refund.reason });
    if (result.status === 'succeeded') {
      const prepared = (await prepare(refund.id))!;
      // The job is done in the same transaction as the refund's effect: exactly once.
      await run.finish(async (trx) => {
        await completeWithin(trx, prepared, result.refundRef);
      });
      deps.outbox.wake();
      return;
    }
    if (result.status === 'pending') {
      await queries.moveRefund(db, refund.id, ['requested'], { status: 'pending', at: at(), providerRefundRef: result.refundRef });
      await jobs.schedule(db, { kind: REFUND_POLL_JOB, key: `${REFUND_POLL_JOB}:${refund.id}:${refund.tries}`, payload: { refundId: refund.id }, runAt: new Date(clock.now().getTime() + POLL_AFTER_MS) });
      return;
    }
    await queries.moveRefund(db, refund.id, ['requested', 'pending'], { status: 'failed', at: at(), providerRefundRef: result.refundRef, failure: `${refund.method} refused the refund` });
    deps.log.warn({ refundId: refund.id, bookingId: refund.bookingId, provider: refund.method }, 'refund: the provider refused it; the owner may retry');
  }

  jobs.define<{ refundId: string }>({
    kind: REFUND_JOB,
    label: { fr: 'Remboursement auprès du prestataire de paiement', en: 'Refund at the payment provider' },
    maxAttempts: 6,
    retryBaseMs: MINUTE,
    retryMaxMs: 60 * MINUTE,
    async run({ refundId }, run) {
      const refund = await queries.selectRefund(db, refundId);
      if (refund?.status !== 'requested') return;
      await ask(refund, run);
    },
    // Still out of reach (or refusing) after every retry: the owner sees it failed, with « Relancer ».
    async onDead(trx, { refundId }, error) {
      await queries.moveRefund(trx, refundId, ['requested'], { status: 'failed', at: clock.now().toISOString(), failure: error.slice(0, 500) });
    },
  });

  jobs.define<{ refundId: string }>({
    kind: REFUND_POLL_JOB,
    label: { fr: 'Vérification d’un remboursement', en: 'Checking a refund' },
    maxAttempts: 10,
    retryBaseMs: 10 * MINUTE,
    retryMaxMs: 6 * 60 * MINUTE,
    async run({ refundId }) {
      const refund = await queries.selectRefund(db, refundId);
      if (refund?.status !== 'pending' || !refund.providerRefundRef) return;
      const found = provider(refund.method as ProviderName);
      if (!found.refundStatus) return;
      const status = await found.refundStatus(refund.providerRefundRef);
      if (status === 'succeeded') await complete(refund.id, refund.providerRefundRef);
      else if (status === 'failed') await queries.moveRefund(db, refund.id, ['pending'], { status: 'failed', at: clock.now().toISOString(), failure: `${refund.method} refused the refund` });
      else throw new Error('refund still pending at the provider');
    },
  });

  return {
    giveBackWithin,

    /**
     * A refund event from a provider's verified webhook (Stripe charge.refunded / refund.updated,
     * PayPal PAYMENT.CAPTURE.REFUNDED): applied once, recorded with its effect. A refund we did
     * not ask for (made in the provider's dashboard) is left to the owner.
     */
    async receiveEvent(name: ProviderName, event: ProviderEvent): Promise<'applied' | 'duplicate' | 'ignored'> {
      const said = event.refund;
      if (!said) return 'ignored';
      const refund = (await queries.selectRefundByRef(db, name, said.refundRef)) ?? (await awaitingAnswer(name, said.paymentRef, said.amountCents));
      if (!refund) {
        deps.log.info({ provider: name, eventId: event.id, type: event.type }, 'refund: webhook for a refund we did not ask for, ignored');
        return 'ignored';
      }
      if (said.status === 'succeeded') {
        const prepared = (await prepare(refund.id))!;
        const outcome = await inSerializableTransaction(database, async (trx) => {
          if (!(await attempts.recordEvent(trx, { id: newId(), provider: name, event_id: event.id, type: event.type, attempt_id: null, received_at: clock.now().toISOString() }))) return 'duplicate' as const;
          // Already done by the provider's answer to our ask: the event is recorded, nothing else changes.
          await completeWithin(trx, prepared, said.refundRef);
          return 'applied' as const;
        });
        deps.outbox.wake();
        return outcome;
      }
      if (said.status === 'failed') {
        await queries.moveRefund(db, refund.id, ['requested', 'pending'], { status: 'failed', at: clock.now().toISOString(), failure: `${name} refused the refund` });
      }
      return 'applied';
    },

    /** « Relancer »: a failed refund asked again, with a new idempotency key. False when it had not failed. */
    async retry(bookingId: string, refundId: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const refund = await queries.selectRefund(trx, refundId);
        if (!refund || refund.bookingId !== bookingId || refund.status !== 'failed') return false;
        const tries = refund.tries + 1;
        if (!(await queries.moveRefund(trx, refund.id, ['failed'], { status: 'requested', at: clock.now().toISOString(), tries, failure: null }))) return false;
        await jobs.schedule(trx, { kind: REFUND_JOB, key: `${REFUND_JOB}:${refund.id}:${tries}`, payload: { refundId: refund.id }, runAt: clock.now() });
        return true;
      });
    },

    ofBooking: (bookingId: string) => queries.selectRefundsOfBooking(db, bookingId),
    refund: (id: string) => queries.selectRefund(db, id),
    /** Runs the refund jobs due now (tests). */
    runJobs: () => jobs.runUntilIdle([REFUND_JOB, REFUND_POLL_JOB]),
  };
}

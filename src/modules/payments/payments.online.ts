import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { inSerializableTransaction } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { JobsService } from '../jobs/index.js';
import * as queries from './payments.attempts.queries.js';
import { idempotencyKeyOf, type PaymentAttempt } from './payments.online.model.js';
import type { RefundsService } from './payments.refunds.js';
import type { PaymentsService } from './payments.service.js';
import { ProviderUnavailable, type PaymentProvider, type ProviderEvent, type ProviderName, type ProviderPaymentState } from './providers/provider.js';

const MINUTE = 60_000;
/** The first look at the provider, for a webhook that did not come: a customer paying takes a few minutes. */
const FIRST_POLL_AFTER_MS = 5 * MINUTE;
/** A last look shortly before the window lapses. */
const LAST_POLL_BEFORE_MS = 2 * MINUTE;
export const POLL_JOB = 'payments.online.poll';
export const LAPSE_JOB = 'payments.online.lapse';

/** What the payments module needs of a booking being paid online (the booking module's, wired in app.ts). */
export interface OnlineBookingPort {
  /** What the provider's page shows and where it sends the customer back; null when the booking is gone. */
  checkoutOf(bookingId: string): Promise<{ reference: string; customerEmail: string; locale: 'fr' | 'en'; description: string; successUrl: string; cancelUrl: string } | null>;
  /** Read before the transaction (what a booking's mails need is not read inside it); its two verbs run inside it. */
  prepare(bookingId: string): Promise<PreparedBooking>;
  /** After a confirmation or a release committed: mails go, the pages show the agenda again. */
  afterChange(): void;
}

export interface PreparedBooking {
  /** Confirms a booking waiting for its payment and queues its mails; 'released' when its place was given up before the payment came. */
  confirmPaidWithin(trx: Kysely<DB>, paid: { amountCents: number; currency: string; provider: ProviderName }): Promise<'confirmed' | 'released' | 'not_waiting'>;
  /** Cancels a booking still waiting for its payment (its place released) and mails the customer why: the window lapsed, or the provider refused the payment for good. False when it no longer waited. */
  releaseUnpaidWithin(trx: Kysely<DB>, why?: 'lapsed' | 'payment_failed'): Promise<boolean>;
}

export interface OnlinePaymentsDeps {
  database: Database;
  clock: Clock;
  jobs: JobsService;
  ledger: Pick<PaymentsService, 'recordOnlineWithin' | 'bookingBeforeRecording'>;
  providers: readonly PaymentProvider[];
  /** PAYMENT_WINDOW_MINUTES: how long a booking waiting for its payment holds its place. */
  windowMinutes: number;
  bookings: () => OnlineBookingPort;
  /** Refunds (payments.refunds.ts): a late payment is given back, and refund webhooks come through here. */
  refunds?: Pick<RefundsService, 'giveBackWithin' | 'receiveEvent'>;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/** What a webhook delivery did. */
export type WebhookOutcome = 'applied' | 'duplicate' | 'ignored' | 'unknown_attempt';

export type OnlinePayments = ReturnType<typeof createOnlinePayments>;

/**
 * Online payments: an attempt opened with the booking (which holds its place), a checkout at the
 * provider, and the provider's word — a verified webhook, or our own question (settle) from the
 * polling jobs or the return page — applied once: the event recorded, the attempt moved, the
 * ledger appended and the booking confirmed (or released) in one transaction.
 */
export function createOnlinePayments(deps: OnlinePaymentsDeps) {
  const { database, clock, jobs } = deps;
  const db = database.db;
  const byName = new Map(deps.providers.map((p) => [p.name, p]));

  function provider(name: ProviderName): PaymentProvider {
    const found = byName.get(name);
    if (!found) throw new ProviderUnavailable(name, `${name} is not configured`);
    return found;
  }

  /** Inside the booking's transaction: the attempt, and the jobs that will look at the provider and release the place. */
  async function hold(trx: Kysely<DB>, request: { bookingId: string; choice: 'stripe' | 'paypal' | 'deposit_stripe' | 'deposit_paypal'; amountCents: number; currency: string }): Promise<void> {
    const now = clock.now().getTime();
    await openAttempt(trx, {
      bookingId: request.bookingId,
      provider: request.choice.replace('deposit_', '') as ProviderName,
      purpose: request.choice.startsWith('deposit_') ? 'deposit' : 'full',
      amountCents: request.amountCents,
      currency: request.currency,
      expiresAt: now + deps.windowMinutes * MINUTE,
    });
  }

  /** An attempt and its jobs (the polls before its window ends, the lapse at its end). */
  async function openAttempt(trx: Kysely<DB>, request: { bookingId: string; provider: ProviderName; purpose: 'full' | 'deposit'; amountCents: number; currency: string; expiresAt: number }): Promise<void> {
    const now = clock.now().getTime();
    const id = newId();
    const { expiresAt } = request;
    const at = new Date(now).toISOString();
    await queries.insertAttempt(trx, {
      id,
      booking_id: request.bookingId,
      provider: request.provider,
      purpose: request.purpose,
      amount_cents: request.amountCents,
      currency: request.currency,
      status: 'pending',
      provider_ref: null,
      provider_payment_ref: null,
      fraud_outcome: null,
      idempotency_key: idempotencyKeyOf(id),
      redirect_url: null,
      expires_at: new Date(expiresAt).toISOString(),
      payment_id: null,
      attention: null,
      created_at: at,
      updated_at: at,
    });
    const polls = [now + FIRST_POLL_AFTER_MS, expiresAt - LAST_POLL_BEFORE_MS].filter((t, i, all) => t > now && t < expiresAt && all.indexOf(t) === i);
    await jobs.scheduleAll(trx, [
      ...polls.map((t, i) => ({ kind: POLL_JOB, key: `${POLL_JOB}:${id}:${i + 1}`, payload: { attemptId: id }, runAt: new Date(t) })),
      { kind: LAPSE_JOB, key: `${LAPSE_JOB}:${id}`, payload: { attemptId: id }, runAt: new Date(expiresAt) },
    ]);
  }

  /**
   * « Reprendre le paiement »: the pending attempt's checkout while the window runs; after the
   * provider refused the last attempt (a declined card), a new attempt for the same amount and
   * provider, ending when the first window ends (a retry never holds the place longer). The
   * caller checked that the booking still awaits its payment. Null when the window is over or
   * the provider cannot be reached.
   */
  async function resumeUrl(bookingId: string): Promise<string | null> {
    const now = clock.now().getTime();
    const attempts = await queries.selectAttemptsOfBooking(db, bookingId);
    if (!attempts.some((a) => a.status === 'pending')) {
      const refused = attempts.find((a) => a.status === 'failed' && Date.parse(a.expiresAt) > now);
      if (!refused) return null;
      await inSerializableTransaction(database, async (trx) => {
        // Two clicks at once: the second finds the first one's attempt.
        if ((await queries.selectAttemptsOfBooking(trx, bookingId)).some((a) => a.status === 'pending')) return;
        await openAttempt(trx, { bookingId, provider: refused.provider, purpose: refused.purpose, amountCents: refused.amountCents, currency: refused.currency, expiresAt: Date.parse(refused.expiresAt) });
      });
    }
    return checkoutUrl(bookingId);
  }

  /**
   * Where the customer goes to pay a booking's pending attempt: the checkout made once per
   * attempt (the idempotency key makes a second call return the same one). Null when no attempt
   * is pending or the provider cannot be reached (the customer is told to retry).
   */
  async function checkoutUrl(bookingId: string): Promise<string | null> {
    const attempt = (await queries.selectAttemptsOfBooking(db, bookingId)).find((a) => a.status === 'pending');
    if (!attempt || Date.parse(attempt.expiresAt) <= clock.now().getTime()) return null;
    if (attempt.redirectUrl) return attempt.redirectUrl;
    const booking = await deps.bookings().checkoutOf(bookingId);
    if (!booking) return null;
    try {
      const created = await provider(attempt.provider).createCheckout({
        attemptId: attempt.id,
        idempotencyKey: attempt.idempotencyKey,
        amountCents: attempt.amountCents,
        currency: attempt.currency,
        description: booking.description,
        bookingReference: booking.reference,
        customerEmail: booking.customerEmail,
        locale: booking.locale,
        successUrl: booking.successUrl,
        cancelUrl: booking.cancelUrl,
        expiresAt: new Date(attempt.expiresAt),
      });
      await queries.setCheckout(db, attempt.id, created, clock.now().toISOString());
      return created.redirectUrl;
    } catch (error) {
      if (!(error instanceof ProviderUnavailable)) throw error;
      deps.log.warn({ attemptId: attempt.id, provider: attempt.provider, err: error.message }, 'online payment: checkout could not be created');
      return null;
    }
  }

  /** Applies what the provider says of an attempt, once: in one transaction with the event that said it, when one did. */
  async function apply(attempt: PaymentAttempt, state: ProviderPaymentState, event?: ProviderEvent): Promise<'applied' | 'duplicate'> {
    let changed = false;
    const booking = await deps.bookings().prepare(attempt.bookingId);
    // Read now, for the invoice to be issued in the transaction that records the payment.
    const payable = state.status === 'succeeded' ? await deps.ledger.bookingBeforeRecording(attempt.bookingId) : undefined;
    const outcome = await inSerializableTransaction(database, async (trx) => {
      const at = clock.now().toISOString();
      if (event && !(await queries.recordEvent(trx, { id: newId(), provider: attempt.provider, event_id: event.id, type: event.type, attempt_id: attempt.id, received_at: at }))) return 'duplicate' as const;
      const current = (await queries.selectAttempt(trx, attempt.id))!;
      if (state.status === 'succeeded') changed = await succeed(trx, current, state, at, booking, payable);
      else if (state.status === 'expired') changed = await lapse(trx, current, at, booking);
      else if (state.status === 'failed' && state.final) changed = await failForGood(trx, current, at, booking);
      else if (state.status === 'failed') changed = await queries.moveAttempt(trx, current.id, ['pending'], { status: 'failed', at });
      return 'applied' as const;
    });
    if (changed) deps.bookings().afterChange();
    return outcome;
  }

  async function succeed(trx: Kysely<DB>, attempt: PaymentAttempt, state: ProviderPaymentState, at: string, prepared: PreparedBooking, payable: unknown): Promise<boolean> {
    if (attempt.status === 'succeeded') return false;
    const amountCents = state.amountCents ?? attempt.amountCents;
    const currency = state.currency ?? attempt.currency;
    // The money was received whatever became of the booking: the ledger records it; the owner refunds a late one.
    const payment = await deps.ledger.recordOnlineWithin(trx, { bookingId: attempt.bookingId, method: attempt.provider, amountCents, currency }, payable);
    const booking = await prepared.confirmPaidWithin(trx, { amountCents, currency, provider: attempt.provider });
    const attention = booking === 'released' ? 'paid_after_release' : amountCents !== attempt.amountCents ? 'amount_mismatch' : null;
    await queries.moveAttempt(trx, attempt.id, ['pending', 'failed', 'expired', 'cancelled'], { status: 'succeeded', at, paymentRef: state.paymentRef, fraud: state.fraud, paymentId: payment.id, attention });
    // Paid after its place was given up: the customer owes nothing, the money goes back through the same provider (a job, after this commit).
    if (attention === 'paid_after_release' && deps.refunds) {
      await deps.refunds.giveBackWithin(trx, { bookingId: attempt.bookingId, paymentId: payment.id, amountCents, reason: 'Paiement reçu après la libération de la place (délai de paiement dépassé)' });
    }
    if (attention) deps.log.warn({ attemptId: attempt.id, bookingId: attempt.bookingId, attention }, 'online payment: the owner must look at this payment');
    return true;
  }

  /** The window lapsed (or the provider expired the checkout) unpaid: the attempt expires and the booking gives its place up. */
  async function lapse(trx: Kysely<DB>, attempt: PaymentAttempt, at: string, prepared: PreparedBooking): Promise<boolean> {
    if (!(await queries.moveAttempt(trx, attempt.id, ['pending', 'failed'], { status: 'expired', at }))) return false;
    await prepared.releaseUnpaidWithin(trx);
    return true;
  }

  /**
   * The provider refused the payment for good (Stripe: a delayed payment the bank refused): the
   * attempt fails and, like a lapse, the booking gives its place up and the customer is told
   * (« votre paiement n’a pas abouti »). An attempt already lapsed or paid is left as it is.
   */
  async function failForGood(trx: Kysely<DB>, attempt: PaymentAttempt, at: string, prepared: PreparedBooking): Promise<boolean> {
    if (!(await queries.moveAttempt(trx, attempt.id, ['pending', 'failed'], { status: 'failed', at }))) return false;
    await prepared.releaseUnpaidWithin(trx, 'payment_failed');
    deps.log.info({ attemptId: attempt.id, bookingId: attempt.bookingId, provider: attempt.provider }, 'online payment: refused by the provider for good, place released');
    return true;
  }

  /** Asks the provider where an attempt stands and applies it; the attempt as it is afterwards. */
  async function settleAttempt(attemptId: string): Promise<PaymentAttempt | undefined> {
    const attempt = await queries.selectAttempt(db, attemptId);
    if (!attempt?.providerRef || attempt.status === 'succeeded') return attempt;
    const state = await provider(attempt.provider).settle(attempt.providerRef, idempotencyKeyOf(attempt.id, 'settle'));
    if (state.status !== 'pending') await apply(attempt, state);
    return queries.selectAttempt(db, attemptId);
  }

  jobs.define<{ attemptId: string }>({
    kind: POLL_JOB,
    label: { fr: 'Vérification d’un paiement en ligne', en: 'Checking an online payment' },
    maxAttempts: 3,
    async run({ attemptId }) {
      const attempt = await queries.selectAttempt(db, attemptId);
      if (attempt?.status !== 'pending') return;
      await settleAttempt(attemptId);
    },
  });

  jobs.define<{ attemptId: string }>({
    kind: LAPSE_JOB,
    label: { fr: 'Fin du délai de paiement en ligne', en: 'End of an online payment window' },
    // A provider that cannot be reached is asked again: the place is released only once we know it was not paid.
    maxAttempts: 20,
    retryBaseMs: 30_000,
    retryMaxMs: 10 * MINUTE,
    async run({ attemptId }) {
      const attempt = await queries.selectAttempt(db, attemptId);
      if (!attempt || (attempt.status !== 'pending' && attempt.status !== 'failed')) return;
      if (attempt.providerRef) {
        const state = await provider(attempt.provider).settle(attempt.providerRef, idempotencyKeyOf(attempt.id, 'settle'));
        if (state.status === 'succeeded' || (state.status === 'failed' && state.final)) {
          await apply(attempt, state);
          return;
        }
      }
      await apply(attempt, { providerRef: attempt.providerRef ?? '', status: 'expired' });
    },
  });

  return {
    /** The providers whose keys are set. */
    configured: (): ProviderName[] => [...byName.keys()],
    hold,
    checkoutUrl,
    resumeUrl,
    /** Inside the caller's transaction: the booking's pending attempts are given up (the customer pays on site instead). */
    async abandon(trx: Kysely<DB>, bookingId: string): Promise<void> {
      const at = clock.now().toISOString();
      for (const attempt of await queries.selectAttemptsOfBooking(trx, bookingId)) {
        if (attempt.status === 'pending' || attempt.status === 'failed') await queries.moveAttempt(trx, attempt.id, ['pending', 'failed'], { status: 'cancelled', at });
      }
    },

    /**
     * A webhook delivery: verified by its provider (WebhookRejected → 400, nothing changes), then
     * applied once. The event's own content is not trusted for the state: the provider is asked
     * (settle), so an old or out-of-order event applies today's truth, never yesterday's.
     */
    async receiveWebhook(name: ProviderName, rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<WebhookOutcome> {
      const event = await provider(name).verifyWebhook(rawBody, headers);
      if (event.refund && deps.refunds) {
        const outcome = await deps.refunds.receiveEvent(name, event);
        return outcome === 'applied' ? 'applied' : outcome;
      }
      if (!event.state) return 'ignored';
      const attempt =
        (event.attemptId ? await queries.selectAttempt(db, event.attemptId) : undefined) ??
        (event.providerRef ? await queries.selectAttemptByProviderRef(db, name, event.providerRef) : undefined);
      if (!attempt || attempt.provider !== name || (attempt.providerRef && event.providerRef && attempt.providerRef !== event.providerRef)) {
        // Recorded (ids only, deleted with the other orphan events by payments.provider-events): a redelivery
        // is a duplicate, also once the attempt it applied to was erased; the warning below is given once.
        const fresh = await queries.recordEvent(db, { id: newId(), provider: name, event_id: event.id, type: event.type, attempt_id: null, received_at: clock.now().toISOString() });
        if (!fresh) return 'duplicate';
        // Paid, yet no attempt of ours: its person was erased while the checkout was still open (the erasure
        // deletes the attempt, and nothing brings them back). The money was taken all the same: the owner
        // must see it and refund it from the provider's dashboard. Ids only: nothing that names the person.
        if (event.state.status === 'succeeded') deps.log.warn({ provider: name, eventId: event.id, providerRef: event.providerRef }, 'online payment: paid for no attempt of ours (its person erased?): refund it from the provider’s dashboard');
        else deps.log.info({ provider: name, eventId: event.id, type: event.type }, 'online payment: webhook for no attempt of ours, ignored');
        return 'unknown_attempt';
      }
      let state = event.state;
      try {
        state = await provider(name).settle(event.providerRef ?? attempt.providerRef ?? '', idempotencyKeyOf(attempt.id, 'settle'));
      } catch (error) {
        if (!(error instanceof ProviderUnavailable)) throw error;
        // The event is signed by the provider: its own word stands (without the fraud outcome, which polling will not add later).
        deps.log.warn({ attemptId: attempt.id, err: error.message }, 'online payment: provider unreachable after a webhook, its event applied as it is');
      }
      return apply(attempt, state, event);
    },

    /** The return page: asks the provider (a redirect alone proves nothing) and says where the attempt stands. */
    async settleLatest(bookingId: string): Promise<PaymentAttempt | undefined> {
      const latest = (await queries.selectAttemptsOfBooking(db, bookingId))[0];
      if (!latest) return undefined;
      try {
        return await settleAttempt(latest.id);
      } catch (error) {
        if (!(error instanceof ProviderUnavailable)) throw error;
        return latest;
      }
    },

    /** Until when a booking's place is held for its pending payment; null when nothing is pending. */
    async holdUntil(bookingId: string): Promise<string | null> {
      const pending = (await queries.selectAttemptsOfBooking(db, bookingId)).find((a) => a.status === 'pending' || a.status === 'failed');
      return pending?.expiresAt ?? null;
    },
    attemptsOf: (bookingId: string) => queries.selectAttemptsOfBooking(db, bookingId),
    attempt: (id: string) => queries.selectAttempt(db, id),
    eventsOf: (attemptId: string) => queries.selectEvents(db, attemptId),
    needingAttention: () => queries.selectAttemptsNeedingAttention(db),
    /** Runs the polling and lapse jobs due now (tests). */
    runJobs: () => jobs.runUntilIdle([POLL_JOB, LAPSE_JOB]),
  };
}

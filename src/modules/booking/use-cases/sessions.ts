import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { inSerializableTransaction } from '../../../db/transaction.js';
import { ValidationFailed } from '../../../platform/http/errors.js';
import { adminPaths } from '../../../platform/http/paths.js';
import { validate } from '../../../platform/http/validation.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import { sessionErrors, sessionPlacesSchema, sessionValidationTexts, type Service, type Session } from '../../catalog/index.js';
import { sessionCancelledOwnerMail } from '../booking.mails.js';
import type { Booking } from '../booking.model.js';
import { bookingTexts } from '../booking.errors.js';
import * as queries from '../booking.queries.js';
import { ownerEmail } from './booking-mail.js';
import { cancelWithin as cancelBookingWithin } from './cancel.js';
import type { BookingContext } from './context.js';

export interface SessionWithPlaces {
  session: Session;
  booked: number;
}

const DECISION_BATCH = 20;
const DECISIONS_JOB = 'sessions.decide';
/** Sessions listed in the back office: from a month back. */
const LIST_DAYS_BACK = 31;
const LIST_DAYS_AHEAD = 730;
const DAY = 24 * 3_600_000;

export type SessionBookings = ReturnType<typeof createSessionBookings>;

/**
 * The booking side of group sessions: places booked per session, the owner's changes, and
 * the decision at a session's decision time. A session is cancelled with all its bookings in
 * one serialised transaction that first re-reads the session's status, so two instances (or
 * the owner and the decision check) cancel it once, and every mail is queued in that
 * transaction.
 */
export function createSessionBookings(ctx: BookingContext) {
  const { database, clock, catalog, outbox, jobs } = ctx;

  async function withPlaces(sessions: Session[], db: Kysely<DB> = database.db): Promise<SessionWithPlaces[]> {
    const booked = await queries.selectBookedPlaces(db, sessions.map((s) => s.id));
    return sessions.map((session) => ({ session, booked: booked.get(session.id) ?? 0 }));
  }

  /** Cancels `session` and its confirmed bookings inside `trx`; false when someone cancelled it first. */
  async function cancelWithin(trx: Kysely<DB>, session: Session, service: Service, reason: (locale: Locale) => string): Promise<Booking[] | false> {
    const sessions = catalog.sessions.withinTransaction(trx);
    if (!(await sessions.setStatus(session.id, ['scheduled', 'confirmed'], 'cancelled'))) return false;
    const bookings = await queries.selectConfirmedBookingsOfSession(trx, session.id);
    for (const booking of bookings) await cancelBookingWithin(ctx, trx, booking, service, reason(booking.locale));
    return bookings;
  }

  function afterChange(): void {
    outbox.wake();
    catalog.sessions.changed();
    ctx.agendaChanged();
  }

  /**
   * Decides one session whose decision time has come: cancelled (with its bookings) when fewer
   * places than its minimum are booked, confirmed otherwise. Returns what happened, or
   * 'skipped' when another instance decided it first.
   */
  async function decide(sessionId: string): Promise<'cancelled' | 'confirmed' | 'skipped'> {
    const now = clock.now();
    // Catalog data is read before the transaction: inside it, only the transaction's handle is used.
    const service = await catalog.serviceById((await catalog.sessions.byId(sessionId)).serviceId);
    const outcome = await inSerializableTransaction(database, async (trx) => {
      const session = await catalog.sessions.withinTransaction(trx).byId(sessionId);
      if (!session || session.status !== 'scheduled' || session.minParticipants === null || session.decisionAt === null) return 'skipped' as const;
      if (Date.parse(session.decisionAt) > now.getTime()) return 'skipped' as const;
      const booked = (await queries.selectBookedPlaces(trx, [session.id])).get(session.id) ?? 0;
      if (booked >= session.minParticipants) {
        await catalog.sessions.withinTransaction(trx).setStatus(session.id, ['scheduled'], 'confirmed');
        return 'confirmed' as const;
      }
      const cancelled = await cancelWithin(trx, session, service, (locale) => bookingTexts.SESSION_MINIMUM_NOT_REACHED(locale));
      if (cancelled === false) return 'skipped' as const;
      await outbox.enqueue(trx, {
        kind: 'session-cancelled-owner-notice',
        category: 'transactional',
        recipient: ownerEmail(ctx),
        locale: 'fr',
        ...sessionCancelledOwnerMail({
          service,
          start: session.startsAt,
          business: ctx.business,
          booked,
          minimum: session.minParticipants,
          cancelledBookings: cancelled.length,
          adminUrl: `${ctx.deps.baseUrl}${adminPaths.serviceSessions(service.id)}`,
        }),
      });
      return 'cancelled' as const;
    });
    if (outcome !== 'skipped') afterChange();
    return outcome;
  }

  /** Decides every session whose decision time has come; true when a full batch was seen (there may be more). */
  async function decideDue(): Promise<{ cancelled: number; confirmed: number; more: boolean }> {
    const due = await catalog.sessions.awaitingDecision(DECISION_BATCH);
    let cancelled = 0;
    let confirmed = 0;
    for (const session of due) {
      const outcome = await decide(session.id);
      if (outcome === 'cancelled') cancelled++;
      if (outcome === 'confirmed') confirmed++;
    }
    return { cancelled, confirmed, more: due.length === DECISION_BATCH };
  }

  /** One instance at a time looks for sessions whose decision time has come, every SESSION_CHECK_MS. */
  jobs.define({
    kind: DECISIONS_JOB,
    label: { fr: 'Décision des séances (minimum de participants)', en: 'Session decisions (minimum of participants)' },
    everyMs: ctx.deps.sessionCheckMs ?? 60_000,
    async run() {
      while ((await decideDue()).more);
    },
  });

  return {
    /** Sessions of a service around today, with their booked places. */
    async listForService(service: Service): Promise<SessionWithPlaces[]> {
      const now = clock.now().getTime();
      const sessions = await catalog.sessions.ofService(service.id, new Date(now - LIST_DAYS_BACK * DAY).toISOString(), new Date(now + LIST_DAYS_AHEAD * DAY).toISOString(), {
        includeCancelled: true,
      });
      return withPlaces(sessions);
    },
    async get(id: string): Promise<SessionWithPlaces & { service: Service; bookings: Booking[] }> {
      const session = await catalog.sessions.byId(id);
      const [[withBooked], service, bookings] = await Promise.all([
        withPlaces([session]),
        catalog.serviceById(session.serviceId),
        queries.selectConfirmedBookingsOfSession(database.db, session.id),
      ]);
      return { ...withBooked!, service, bookings };
    },
    async schedule(service: Service, input: unknown, locale: Locale): Promise<Session> {
      const session = await catalog.sessions.schedule(service, input, locale);
      ctx.agendaChanged();
      return session;
    },
    /** Changes a session's places; never below the places already booked. */
    async setPlaces(id: string, input: unknown, locale: Locale): Promise<void> {
      const { places } = validate(sessionPlacesSchema, input, locale, sessionValidationTexts);
      await inSerializableTransaction(database, async (trx) => {
        const sessions = catalog.sessions.withinTransaction(trx);
        const session = await sessions.byId(id);
        if (!session) throw sessionErrors.SESSION_NOT_FOUND();
        if (session.status === 'cancelled') throw sessionErrors.SESSION_CANCELLED();
        const booked = (await queries.selectBookedPlaces(trx, [id])).get(id) ?? 0;
        if (places < booked) throw new ValidationFailed([{ field: 'places', message: sessionValidationTexts[locale].belowBooked! }]);
        await sessions.setPlaces(id, places);
      });
      catalog.sessions.changed();
      ctx.agendaChanged();
    },
    /** The owner cancels a session: every booking of it is cancelled and each participant told, with the owner's reason. */
    async cancelByOwner(id: string, reason: string | null): Promise<number> {
      const session = await catalog.sessions.byId(id);
      const service = await catalog.serviceById(session.serviceId);
      const cancelled = await inSerializableTransaction(database, async (trx) => {
        const current = await catalog.sessions.withinTransaction(trx).byId(id);
        if (!current || current.status === 'cancelled') return false;
        return cancelWithin(trx, current, service, (locale) => reason ?? bookingTexts.SESSION_CANCELLED(locale));
      });
      if (cancelled === false) throw sessionErrors.SESSION_CANCELLED();
      afterChange();
      return cancelled.length;
    },
    decide,
    decideDue,
    /** Makes sure the decisions are scheduled (main.ts, at start). */
    scheduleDecisions: () => jobs.ensureRecurring(DECISIONS_JOB),
  };
}

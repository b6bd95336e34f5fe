import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { ValidationFailed } from '../../platform/http/errors.js';
import { validate } from '../../platform/http/validation.js';
import { newId } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { SingleFlight } from '../../platform/single-flight.js';
import type { Service, Session, SessionStatus } from './catalog.model.js';
import { sessionErrors } from './sessions.errors.js';
import * as queries from './sessions.queries.js';
import { sessionFormSchema, sessionValidationTexts } from './sessions.schemas.js';

export interface SessionCatalogDeps {
  database: Database;
  clock: Clock;
  timezone: string;
  /** The catalog's shared reads (see platform/single-flight.ts); onChange tells them of a change. */
  reads: SingleFlight;
  onChange: () => void;
}

export type SessionCatalog = ReturnType<typeof createSessionCatalog>;

/**
 * The group sessions the owner schedules. The catalog knows when they are and how many places
 * they offer; who booked them is the booking module's, which cancels a session and its
 * bookings in one transaction through `withinTransaction`.
 */
export function createSessionCatalog({ database, clock, timezone, reads, onChange }: SessionCatalogDeps) {
  const { db } = database;

  function fieldError(field: string, key: string, locale: Locale): ValidationFailed {
    return new ValidationFailed([{ field, message: sessionValidationTexts[locale][key]! }]);
  }

  function localInstant(date: string, time: string): DateTime {
    return DateTime.fromISO(`${date}T${time}`, { zone: timezone });
  }

  /** Schedules a session of a session service from the owner's form (local date and time). */
  async function schedule(service: Service, input: unknown, locale: Locale): Promise<Session> {
    if (service.scheduling !== 'sessions') throw sessionErrors.NOT_A_SESSION_SERVICE();
    const form = validate(sessionFormSchema, input, locale, sessionValidationTexts);
    const start = localInstant(form.date, form.time);
    if (!start.isValid) throw fieldError('time', 'time', locale);
    if (start.toMillis() <= clock.now().getTime()) throw fieldError('date', 'past', locale);
    let decisionAt: string | null = null;
    if (form.minParticipants !== undefined && form.decisionDate && form.decisionTime) {
      const decision = localInstant(form.decisionDate, form.decisionTime);
      if (!decision.isValid) throw fieldError('decisionTime', 'time', locale);
      if (decision >= start) throw fieldError('decisionDate', 'decisionAfterStart', locale);
      decisionAt = decision.toUTC().toISO()!;
    }
    const session: Session = {
      id: newId(),
      serviceId: service.id,
      startsAt: start.toUTC().toISO()!,
      endsAt: start.plus({ minutes: service.durationMinutes }).toUTC().toISO()!,
      places: form.places,
      minParticipants: form.minParticipants ?? null,
      decisionAt,
      status: 'scheduled',
      cancelledAt: null,
    };
    try {
      await queries.insertSession(db, session, clock.now().toISOString());
    } catch (error) {
      if (isUniqueViolation(error)) throw sessionErrors.SESSION_EXISTS();
      throw error;
    }
    onChange();
    return session;
  }

  return {
    schedule,
    /** Today's date in the business's time zone, "YYYY-MM-DD". */
    today: (): string => DateTime.fromJSDate(clock.now()).setZone(timezone).toISODate()!,
    async byId(id: string, handle: Kysely<DB> = db): Promise<Session> {
      // Ids are ours (UUIDv7): anything longer is not looked up.
      const session = id.length <= 64 ? await queries.selectSessionById(handle, id) : undefined;
      if (!session) throw sessionErrors.SESSION_NOT_FOUND();
      return session;
    },
    /** Sessions of a service starting in [fromIso, toIso). */
    ofService: (serviceId: string, fromIso: string, toIso: string, options: { includeCancelled: boolean } = { includeCancelled: false }) =>
      reads.run(`sessions-of:${serviceId}:${fromIso}:${toIso}:${options.includeCancelled}`, () => queries.selectSessionsOfService(db, serviceId, fromIso, toIso, options.includeCancelled)),
    /** Open sessions of every service overlapping [fromIso, toIso): they keep the agenda busy. */
    openOverlapping: (fromIso: string, toIso: string) => reads.run(`open-sessions:${fromIso}:${toIso}`, () => queries.selectOpenSessionsOverlapping(db, fromIso, toIso)),
    awaitingDecision: (limit: number) => queries.selectSessionsAwaitingDecision(db, clock.now().toISOString(), limit),
    /**
     * Writes made inside the caller's transaction (the booking module checks the places
     * booked and changes the bookings in the same one). Call changed() after it commits.
     */
    withinTransaction(trx: Kysely<DB>) {
      const now = clock.now().toISOString();
      return {
        byId: (id: string) => queries.selectSessionById(trx, id),
        setPlaces: (id: string, places: number) => queries.updateSessionPlaces(trx, id, places, now),
        setStatus: (id: string, from: SessionStatus[], to: SessionStatus) => queries.updateSessionStatus(trx, id, from, to, now),
      };
    },
    changed: onChange,
  };
}

import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Session } from './catalog.model.js';
import type { SessionsTable } from './catalog.tables.js';

type Db = Kysely<DB>;

function toSession(row: Selectable<SessionsTable>): Session {
  return {
    id: row.id,
    serviceId: row.service_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    places: row.places,
    minParticipants: row.min_participants,
    decisionAt: row.decision_at,
    status: row.status,
    cancelledAt: row.cancelled_at,
  };
}

export async function insertSession(db: Db, session: Omit<Session, 'cancelledAt'>, nowIso: string): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      service_id: session.serviceId,
      starts_at: session.startsAt,
      ends_at: session.endsAt,
      places: session.places,
      min_participants: session.minParticipants,
      decision_at: session.decisionAt,
      status: session.status,
      cancelled_at: null,
      created_at: nowIso,
      updated_at: nowIso,
    })
    .execute();
}

export async function selectSessionById(db: Db, id: string): Promise<Session | undefined> {
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toSession(row);
}

/** Sessions of a service starting in [fromIso, toIso), cancelled ones included when asked, in start order. */
export async function selectSessionsOfService(db: Db, serviceId: string, fromIso: string, toIso: string, includeCancelled: boolean): Promise<Session[]> {
  let query = db.selectFrom('sessions').selectAll().where('service_id', '=', serviceId).where('starts_at', '>=', fromIso).where('starts_at', '<', toIso);
  if (!includeCancelled) query = query.where('status', '!=', 'cancelled');
  return (await query.orderBy('starts_at').orderBy('id').execute()).map(toSession);
}

/** Open sessions of every active session service that overlap [fromIso, toIso). */
export async function selectOpenSessionsOverlapping(db: Db, fromIso: string, toIso: string): Promise<Session[]> {
  const rows = await db
    .selectFrom('sessions')
    .innerJoin('services', 'services.id', 'sessions.service_id')
    .selectAll('sessions')
    .where('services.scheduling', '=', 'sessions')
    .where('services.active', '=', 1)
    .where('sessions.status', '!=', 'cancelled')
    .where('sessions.starts_at', '<', toIso)
    .where('sessions.ends_at', '>', fromIso)
    .orderBy('sessions.starts_at')
    .execute();
  return rows.map(toSession);
}

/** Sessions still waiting for their decision whose decision time has come. */
export async function selectSessionsAwaitingDecision(db: Db, nowIso: string, limit: number): Promise<Session[]> {
  const rows = await db
    .selectFrom('sessions')
    .selectAll()
    .where('status', '=', 'scheduled')
    .where('decision_at', 'is not', null)
    .where('decision_at', '<=', nowIso)
    .orderBy('decision_at')
    .limit(limit)
    .execute();
  return rows.map(toSession);
}

export async function updateSessionPlaces(db: Db, id: string, places: number, nowIso: string): Promise<boolean> {
  const result = await db.updateTable('sessions').set({ places, updated_at: nowIso }).where('id', '=', id).where('status', '!=', 'cancelled').executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Moves a session from `from` to `to` status; false when it was no longer in `from`. */
export async function updateSessionStatus(db: Db, id: string, from: Session['status'][], to: Session['status'], nowIso: string): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ status: to, updated_at: nowIso, ...(to === 'cancelled' ? { cancelled_at: nowIso } : {}) })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

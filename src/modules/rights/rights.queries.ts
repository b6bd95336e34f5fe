import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { newId } from '../../platform/ids.js';
import type { EventKind, PrivacyRequest, RequestEvent } from './rights.model.js';
import type { AnswerStep, PrivacyRequestsTable } from './rights.tables.js';

type Db = Kysely<DB>;

function toRequest(row: PrivacyRequestsTable): PrivacyRequest {
  return {
    id: row.id,
    type: row.type,
    email: row.email,
    details: row.details,
    locale: row.locale,
    status: row.status,
    createdAt: row.created_at,
    receivedAt: row.received_at,
    dueDate: row.due_date,
    extendedDueDate: row.extended_due_date,
    identityStatus: row.identity_status,
    closedAt: row.closed_at,
    deceasedEmail: row.deceased_email,
  };
}

export async function insertRequest(
  db: Db,
  row: { id: string; type: PrivacyRequest['type']; email: string; details: string | null; deceasedEmail: string | null; locale: 'fr' | 'en'; at: string; tokenHash: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('privacy_requests')
    .values({
      id: row.id,
      type: row.type,
      email: row.email,
      details: row.details,
      locale: row.locale,
      status: 'unconfirmed',
      created_at: row.at,
      confirm_token_hash: row.tokenHash,
      confirm_expires_at: row.expiresAt,
      received_at: null,
      due_date: null,
      extended_due_date: null,
      identity_status: null,
      identity_token_hash: null,
      closed_at: null,
      deceased_email: row.deceasedEmail,
      answer_step: null,
      answer_step_at: null,
    })
    .execute();
}

/** Requests made from an address since an instant (the per-address limit), confirmed or not. */
export async function countRequestsSince(db: Db, email: string, sinceIso: string): Promise<number> {
  const row = await db.selectFrom('privacy_requests').select((eb) => eb.fn.countAll<number>().as('n')).where('email', '=', email).where('created_at', '>', sinceIso).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function unconfirmedByToken(db: Db, tokenHash: string, nowIso: string): Promise<PrivacyRequest | undefined> {
  const row = await db
    .selectFrom('privacy_requests')
    .selectAll()
    .where('confirm_token_hash', '=', tokenHash)
    .where('status', '=', 'unconfirmed')
    .where('confirm_expires_at', '>', nowIso)
    .executeTakeFirst();
  return row && toRequest(row);
}

/** Confirms a live link in one statement (two clicks cannot both pass); the request's id, or undefined. */
export async function confirm(db: Db, tokenHash: string, row: { nowIso: string; dueDate: string }): Promise<string | undefined> {
  const updated = await db
    .updateTable('privacy_requests')
    .set({ status: 'open', confirm_token_hash: null, received_at: row.nowIso, due_date: row.dueDate })
    .where('confirm_token_hash', '=', tokenHash)
    .where('status', '=', 'unconfirmed')
    .where('confirm_expires_at', '>', row.nowIso)
    .returning('id')
    .executeTakeFirst();
  return updated?.id;
}

export async function requestById(db: Db, id: string): Promise<PrivacyRequest | undefined> {
  const row = await db.selectFrom('privacy_requests').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRequest(row);
}

/** Open requests, the one due first first (an extended request by its extended day). */
export async function openRequests(db: Db): Promise<PrivacyRequest[]> {
  const rows = await db.selectFrom('privacy_requests').selectAll().where('status', '=', 'open').execute();
  return rows.map(toRequest).sort((a, b) => (a.extendedDueDate ?? a.dueDate ?? '').localeCompare(b.extendedDueDate ?? b.dueDate ?? '') || a.receivedAt!.localeCompare(b.receivedAt!));
}

export async function closedRequests(db: Db, limit: number): Promise<PrivacyRequest[]> {
  const rows = await db.selectFrom('privacy_requests').selectAll().where('status', '=', 'closed').orderBy('closed_at', 'desc').limit(limit).execute();
  return rows.map(toRequest);
}

/** Confirmed directives left from an address (the person's own, shown on an heir's later request). */
export async function directivesOf(db: Db, email: string): Promise<PrivacyRequest[]> {
  const rows = await db
    .selectFrom('privacy_requests')
    .selectAll()
    .where('email', '=', email)
    .where('type', '=', 'directive')
    .where('status', 'in', ['open', 'closed'])
    .orderBy('received_at')
    .execute();
  return rows.map(toRequest);
}

/**
 * Takes an answer step on an open request, unless the same step was taken after `sinceIso` (a
 * double click, a second tab; an older one was left by a process that stopped midway), or the
 * request was erased in full: one statement, so two concurrent clicks cannot both take it.
 */
export async function takeAnswerStep(db: Db, id: string, step: Exclude<AnswerStep, 'erased'>, nowIso: string, sinceIso: string): Promise<boolean> {
  const result = await db
    .updateTable('privacy_requests')
    .set({ answer_step: step, answer_step_at: nowIso })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where((eb) =>
      eb.or([
        eb('answer_step', 'is', null),
        eb.and([eb('answer_step', '!=', step), eb('answer_step', '!=', 'erased')]),
        eb.and([eb('answer_step', '=', step), eb('answer_step_at', '<=', sinceIso)]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The erasure taken at `takenAtIso` was carried out in full: no click will take it again. */
export async function markErased(db: Db, id: string, takenAtIso: string): Promise<void> {
  await db.updateTable('privacy_requests').set({ answer_step: 'erased' }).where('id', '=', id).where('answer_step', '=', 'erase').where('answer_step_at', '=', takenAtIso).execute();
}

/** Gives a step back after it failed, so that the owner can try again at once. */
export async function releaseAnswerStep(db: Db, id: string, step: Exclude<AnswerStep, 'erased'>, atIso: string): Promise<void> {
  await db.updateTable('privacy_requests').set({ answer_step: null, answer_step_at: null }).where('id', '=', id).where('answer_step', '=', step).where('answer_step_at', '=', atIso).execute();
}

export async function update(db: Db, id: string, values: Partial<Omit<PrivacyRequestsTable, 'id'>>): Promise<void> {
  await db.updateTable('privacy_requests').set(values).where('id', '=', id).execute();
}

export async function insertEvent(db: Db, requestId: string, event: { at: string; kind: EventKind; actor: string; detail?: string | null }): Promise<void> {
  await db
    .insertInto('privacy_request_events')
    .values({ id: newId(), request_id: requestId, at: event.at, kind: event.kind, actor: event.actor, detail: event.detail ?? null })
    .execute();
}

export async function eventsOf(db: Db, requestId: string): Promise<RequestEvent[]> {
  const rows = await db.selectFrom('privacy_request_events').selectAll().where('request_id', '=', requestId).orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, at: r.at, kind: r.kind as EventKind, actor: r.actor, detail: r.detail }));
}

export async function requestByIdentityToken(db: Db, tokenHash: string): Promise<PrivacyRequest | undefined> {
  const row = await db.selectFrom('privacy_requests').selectAll().where('identity_token_hash', '=', tokenHash).where('status', '=', 'open').where('identity_status', '=', 'asked').executeTakeFirst();
  return row && toRequest(row);
}

/** Stores the sealed document and spends the upload link, in one go; false when the link is no longer live. */
export async function putDocument(db: Db, requestId: string, tokenHash: string, document: { contentType: string; sealed: Buffer; at: string }): Promise<boolean> {
  const spent = await db
    .updateTable('privacy_requests')
    .set({ identity_status: 'received', identity_token_hash: null })
    .where('id', '=', requestId)
    .where('identity_token_hash', '=', tokenHash)
    .where('identity_status', '=', 'asked')
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) return false;
  await db.deleteFrom('privacy_request_documents').where('request_id', '=', requestId).execute();
  await db.insertInto('privacy_request_documents').values({ request_id: requestId, content_type: document.contentType, sealed: document.sealed, uploaded_at: document.at }).execute();
  return true;
}

export async function documentOf(db: Db, requestId: string): Promise<{ contentType: string; sealed: Buffer; uploadedAt: string } | undefined> {
  const row = await db.selectFrom('privacy_request_documents').selectAll().where('request_id', '=', requestId).executeTakeFirst();
  return row && { contentType: row.content_type, sealed: Buffer.from(row.sealed), uploadedAt: row.uploaded_at };
}

export async function deleteDocument(db: Db, requestId: string): Promise<number> {
  const result = await db.deleteFrom('privacy_request_documents').where('request_id', '=', requestId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Counts for the dashboard: open requests, those due within `soonDate` (inclusive), those past `today`. */
export async function openDueDates(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('privacy_requests').select(['due_date', 'extended_due_date']).where('status', '=', 'open').execute();
  return rows.map((r) => r.extended_due_date ?? r.due_date ?? '');
}

// --- the register's port and retention ---------------------------------------------------------

export async function requestsOfEmails(db: Db, emails: string[]): Promise<PrivacyRequest[]> {
  if (emails.length === 0) return [];
  const rows = await db.selectFrom('privacy_requests').selectAll().where('email', 'in', emails).orderBy('created_at').execute();
  return rows.map(toRequest);
}

export async function eventsOfRequests(db: Db, ids: string[]): Promise<(RequestEvent & { requestId: string })[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('privacy_request_events').selectAll().where('request_id', 'in', ids).orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, requestId: r.request_id, at: r.at, kind: r.kind as EventKind, actor: r.actor, detail: r.detail }));
}

export async function deleteRequests(db: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  // Events and documents go with their request (on delete cascade), on both engines.
  await db.deleteFrom('privacy_request_documents').where('request_id', 'in', ids).execute();
  await db.deleteFrom('privacy_request_events').where('request_id', 'in', ids).execute();
  const result = await db.deleteFrom('privacy_requests').where('id', 'in', ids).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Unconfirmed requests made before `cutoffIso` (their link, 24 hours, has expired). */
export async function expiredUnconfirmed(db: Db, cutoffIso: string): Promise<string[]> {
  const rows = await db.selectFrom('privacy_requests').select('id').where('status', '=', 'unconfirmed').where('created_at', '<=', cutoffIso).execute();
  return rows.map((r) => r.id);
}

/** Requests closed before `cutoffIso`. */
export async function closedBefore(db: Db, cutoffIso: string): Promise<string[]> {
  // Post-mortem directives are kept: they must outlive the person who left them (loi Informatique et Libertés, art. 85).
  const rows = await db.selectFrom('privacy_requests').select('id').where('status', '=', 'closed').where('type', '!=', 'directive').where('closed_at', '<=', cutoffIso).execute();
  return rows.map((r) => r.id);
}

import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Objection, RecipientNotice, Restriction } from './restrictions.model.js';
import type { ProcessingRestrictionsTable, RecipientNoticesTable } from './restrictions.tables.js';

type Db = Kysely<DB>;

function toRestriction(row: Selectable<ProcessingRestrictionsTable>): Restriction {
  return {
    id: row.id,
    customerId: row.customer_id,
    reason: row.reason,
    restrictedAt: row.restricted_at,
    restrictedBy: row.restricted_by,
    liftedAt: row.lifted_at,
    liftedBy: row.lifted_by,
  };
}

function toNotice(row: Selectable<RecipientNoticesTable>): RecipientNotice {
  return {
    id: row.id,
    customerId: row.customer_id,
    event: row.event,
    recipient: row.recipient,
    content: row.content,
    method: row.method,
    notifiedAt: row.notified_at,
    recordedBy: row.recorded_by,
  };
}

/** The restriction in force for this address hash or this customer, if any. */
export async function selectRestrictionInForce(db: Db, emailHash: string, customerId: string | null): Promise<Restriction | undefined> {
  const row = await db
    .selectFrom('processing_restrictions')
    .selectAll()
    .where('lifted_at', 'is', null)
    .where((eb) => (customerId ? eb.or([eb('email_hash', '=', emailHash), eb('customer_id', '=', customerId)]) : eb('email_hash', '=', emailHash)))
    .orderBy('restricted_at', 'desc')
    .executeTakeFirst();
  return row && toRestriction(row);
}

export async function insertRestriction(db: Db, row: ProcessingRestrictionsTable): Promise<void> {
  await db.insertInto('processing_restrictions').values(row).execute();
}

/** Lifts every restriction in force for the address or the customer; how many were. */
export async function liftRestrictions(db: Db, emailHash: string, customerId: string | null, at: string, by: string): Promise<number> {
  const result = await db
    .updateTable('processing_restrictions')
    .set({ lifted_at: at, lifted_by: by })
    .where('lifted_at', 'is', null)
    .where((eb) => (customerId ? eb.or([eb('email_hash', '=', emailHash), eb('customer_id', '=', customerId)]) : eb('email_hash', '=', emailHash)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The hashes and customers under a restriction in force: few, read at once for a list or an export. */
export async function selectRestrictionsInForce(db: Db): Promise<{ emailHash: string; customerId: string | null }[]> {
  const rows = await db.selectFrom('processing_restrictions').select(['email_hash', 'customer_id']).where('lifted_at', 'is', null).execute();
  return rows.map((r) => ({ emailHash: r.email_hash, customerId: r.customer_id }));
}

export async function selectRestrictionsOf(db: Db, emailHashes: string[], customerId: string | null): Promise<Restriction[]> {
  if (emailHashes.length === 0 && !customerId) return [];
  const rows = await db
    .selectFrom('processing_restrictions')
    .selectAll()
    .where((eb) => eb.or([...(emailHashes.length ? [eb('email_hash', 'in', emailHashes)] : []), ...(customerId ? [eb('customer_id', '=', customerId)] : [])]))
    .orderBy('restricted_at')
    .execute();
  return rows.map(toRestriction);
}

export async function deleteRestrictionsOf(db: Db, emailHashes: string[], customerId: string | null): Promise<number> {
  if (emailHashes.length === 0 && !customerId) return 0;
  const result = await db
    .deleteFrom('processing_restrictions')
    .where((eb) => eb.or([...(emailHashes.length ? [eb('email_hash', 'in', emailHashes)] : []), ...(customerId ? [eb('customer_id', '=', customerId)] : [])]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Lifted restrictions whose lifting is older than the cutoff: their history has served. */
export async function deleteLiftedBefore(db: Db, cutoffIso: string, dryRun: boolean): Promise<number> {
  if (dryRun) {
    const row = await db.selectFrom('processing_restrictions').select((eb) => eb.fn.countAll<number>().as('n')).where('lifted_at', '<', cutoffIso).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
  const result = await db.deleteFrom('processing_restrictions').where('lifted_at', '<', cutoffIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function selectObjection(db: Db, emailHash: string): Promise<Objection | undefined> {
  const row = await db.selectFrom('prospecting_objections').selectAll().where('email_hash', '=', emailHash).executeTakeFirst();
  return row && { objectedAt: row.objected_at, recordedBy: row.recorded_by };
}

export async function selectObjections(db: Db, emailHashes: string[]): Promise<(Objection & { emailHash: string })[]> {
  if (emailHashes.length === 0) return [];
  const rows = await db.selectFrom('prospecting_objections').selectAll().where('email_hash', 'in', emailHashes).execute();
  return rows.map((r) => ({ emailHash: r.email_hash, objectedAt: r.objected_at, recordedBy: r.recorded_by }));
}

/** Records an objection once: a second one for the same address keeps the first date. */
export async function insertObjection(db: Db, row: { email_hash: string; objected_at: string; recorded_by: string }): Promise<void> {
  await db.insertInto('prospecting_objections').values(row).onConflict((oc) => oc.column('email_hash').doNothing()).execute();
}

export async function deleteObjectionsBefore(db: Db, cutoffIso: string, dryRun: boolean): Promise<number> {
  if (dryRun) {
    const row = await db.selectFrom('prospecting_objections').select((eb) => eb.fn.countAll<number>().as('n')).where('objected_at', '<', cutoffIso).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
  const result = await db.deleteFrom('prospecting_objections').where('objected_at', '<', cutoffIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertNotice(db: Db, row: RecipientNoticesTable): Promise<void> {
  await db.insertInto('recipient_notices').values(row).execute();
}

export async function selectNoticesOf(db: Db, emailHashes: string[], customerId: string | null): Promise<RecipientNotice[]> {
  if (emailHashes.length === 0 && !customerId) return [];
  const rows = await db
    .selectFrom('recipient_notices')
    .selectAll()
    .where((eb) => eb.or([...(emailHashes.length ? [eb('subject_hash', 'in', emailHashes)] : []), ...(customerId ? [eb('customer_id', '=', customerId)] : [])]))
    .orderBy('notified_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toNotice);
}

/** On erasure: the notices stay as proof (art. 5(2), 19), no longer tied to the customer record. */
export async function detachNoticesOf(db: Db, customerId: string): Promise<number> {
  const result = await db.updateTable('recipient_notices').set({ customer_id: null }).where('customer_id', '=', customerId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteNoticesBefore(db: Db, cutoffIso: string, dryRun: boolean): Promise<number> {
  if (dryRun) {
    const row = await db.selectFrom('recipient_notices').select((eb) => eb.fn.countAll<number>().as('n')).where('notified_at', '<', cutoffIso).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
  const result = await db.deleteFrom('recipient_notices').where('notified_at', '<', cutoffIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}

import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { affected, mentionsEmail } from '../../platform/personal-data.js';
import type { DataSubject } from '../../platform/privacy-register.js';
import type { WebhookEventType } from './webhooks.schemas.js';
import type { DeliveryStatus, WebhookDeliveriesTable, WebhookEndpointsTable } from './webhooks.tables.js';

type Db = Kysely<DB>;

export interface Endpoint {
  id: string;
  url: string;
  events: WebhookEventType[];
  secretSealed: string;
  createdAt: string;
}

export interface Delivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
}

const toEndpoint = (row: Selectable<WebhookEndpointsTable>): Endpoint => ({
  id: row.id,
  url: row.url,
  events: JSON.parse(row.events) as WebhookEventType[],
  secretSealed: row.secret_sealed,
  createdAt: row.created_at,
});

const toDelivery = (row: Selectable<WebhookDeliveriesTable>): Delivery => ({
  id: row.id,
  endpointId: row.endpoint_id,
  eventId: row.event_id,
  eventType: row.event_type,
  body: row.body,
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.last_status_code,
  lastError: row.last_error,
  createdAt: row.created_at,
  lastAttemptAt: row.last_attempt_at,
  deliveredAt: row.delivered_at,
});

export async function insertEndpoint(db: Db, row: WebhookEndpointsTable): Promise<void> {
  await db.insertInto('webhook_endpoints').values(row).execute();
}

export async function selectEndpoints(db: Db): Promise<Endpoint[]> {
  return (await db.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').orderBy('id').execute()).map(toEndpoint);
}

export async function selectEndpoint(db: Db, id: string): Promise<Endpoint | undefined> {
  const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toEndpoint(row);
}

export async function deleteEndpoint(db: Db, id: string): Promise<boolean> {
  return Number((await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0;
}

/** Makes the deliveries of one event; an event already delivered to an endpoint keeps its delivery. */
export async function insertDeliveries(db: Db, rows: WebhookDeliveriesTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('webhook_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
    .execute();
}

export async function selectDelivery(db: Db, endpointId: string, eventId: string): Promise<Delivery | undefined> {
  const row = await db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).where('event_id', '=', eventId).executeTakeFirst();
  return row && toDelivery(row);
}

export async function recordAttempt(
  db: Db,
  id: string,
  outcome: { status: DeliveryStatus; statusCode: number | null; error: string | null; atIso: string },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      status: outcome.status,
      attempts: eb('attempts', '+', 1),
      last_status_code: outcome.statusCode,
      last_error: outcome.error,
      last_attempt_at: outcome.atIso,
      ...(outcome.status === 'delivered' ? { delivered_at: outcome.atIso } : {}),
    }))
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Db, endpointId: string, eventId: string): Promise<void> {
  await db.updateTable('webhook_deliveries').set({ status: 'failed' }).where('endpoint_id', '=', endpointId).where('event_id', '=', eventId).where('status', '=', 'pending').execute();
}

export async function selectDeliveriesOf(db: Db, endpointId: string, limit: number): Promise<Delivery[]> {
  const rows = await db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map(toDelivery);
}

/** Retention: deliveries made before the cutoff and no longer waiting; counted, or deleted. A delivery still being retried stays. */
export async function deliveriesBefore(db: Db, beforeIso: string, dryRun: boolean): Promise<number> {
  if (dryRun) {
    const row = await db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '!=', 'pending')
      .where('created_at', '<', beforeIso)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  return affected(await db.deleteFrom('webhook_deliveries').where('status', '!=', 'pending').where('created_at', '<', beforeIso).executeTakeFirst());
}

/** The deliveries whose body carries the person: their address, or their customer id (customer.updated). */
function personalDeliveries(db: Db, subject: DataSubject) {
  return db.selectFrom('webhook_deliveries').where((eb) => eb.or([mentionsEmail('body', subject.emails), mentionsEmail('body', subject.customerId ? [`"${subject.customerId}"`] : [])]));
}

export async function selectPersonalDeliveries(db: Db, subject: DataSubject) {
  return personalDeliveries(db, subject)
    .select(['id', 'endpoint_id', 'event_id', 'event_type', 'body', 'status', 'attempts', 'last_status_code', 'last_error', 'created_at', 'last_attempt_at', 'delivered_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function deleteDeliveries(db: Db, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return affected(await db.deleteFrom('webhook_deliveries').where('id', 'in', [...ids]).executeTakeFirst());
}

import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { newId } from '../../platform/ids.js';
import type { Customer, CustomerChange, CustomerDetails, CustomerNote } from './customers.model.js';
import { containsPattern, searchText, sortKey } from './customers.search.js';
import type { CustomerChangesTable, CustomersTable } from './customers.tables.js';

type Db = Kysely<DB>;

function toCustomer(row: Selectable<CustomersTable>): Customer {
  return {
    id: row.id,
    lastName: row.last_name,
    firstName: row.first_name,
    company: row.company,
    country: row.country,
    email: row.email,
    phone: row.phone,
    address:
      row.address_line1 && row.address_postal_code && row.address_city && row.address_country
        ? { line1: row.address_line1, line2: row.address_line2, postalCode: row.address_postal_code, city: row.address_city, country: row.address_country }
        : null,
    lastBookingAt: row.last_booking_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns that hold a customer's details, with the search columns derived from them. */
function detailColumns(details: CustomerDetails) {
  return {
    email: details.email,
    email_normalised: normaliseEmail(details.email),
    last_name: details.lastName,
    first_name: details.firstName,
    company: details.company,
    country: details.country,
    phone: details.phone,
    address_line1: details.address?.line1 ?? null,
    address_line2: details.address?.line2 ?? null,
    address_postal_code: details.address?.postalCode ?? null,
    address_city: details.address?.city ?? null,
    address_country: details.address?.country ?? null,
    search_text: searchText(details),
    sort_key: sortKey(details),
  };
}

/** One customer per address: trimmed, lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function selectCustomerById(db: Db, id: string): Promise<Customer | undefined> {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toCustomer(row);
}

export async function selectCustomerByEmail(db: Db, email: string): Promise<Customer | undefined> {
  const row = await db.selectFrom('customers').selectAll().where('email_normalised', '=', normaliseEmail(email)).executeTakeFirst();
  return row && toCustomer(row);
}

/** Inserts a new customer unless one with the same address exists; true when inserted. */
export async function insertCustomer(db: Db, customer: { id: string; details: CustomerDetails; lastBookingAt: string | null; at: string }): Promise<boolean> {
  const result = await db
    .insertInto('customers')
    .values({ id: customer.id, ...detailColumns(customer.details), last_booking_at: customer.lastBookingAt, created_at: customer.at, updated_at: customer.at })
    .onConflict((oc) => oc.column('email_normalised').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/**
 * Writes new details; `expectedUpdatedAt`, when given, must still be the row's (else false:
 * someone changed it meanwhile). The latest booking only ever moves later.
 */
export async function updateCustomer(
  db: Db,
  id: string,
  change: { details: CustomerDetails; at: string; lastBookingAt?: string; expectedUpdatedAt?: string },
): Promise<boolean> {
  let query = db
    .updateTable('customers')
    .set({ ...detailColumns(change.details), updated_at: change.at })
    .where('id', '=', id);
  if (change.expectedUpdatedAt !== undefined) query = query.where('updated_at', '=', change.expectedUpdatedAt);
  const result = await query.executeTakeFirst();
  if (change.lastBookingAt) await extendLastBooking(db, id, change.lastBookingAt);
  return Number(result.numUpdatedRows) > 0;
}

export async function extendLastBooking(db: Db, id: string, endIso: string): Promise<void> {
  await db
    .updateTable('customers')
    .set({ last_booking_at: endIso })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_booking_at', 'is', null), eb('last_booking_at', '<', endIso)]))
    .execute();
}

/** Customers whose search text holds every term, in alphabetical order; one more than `limit` tells of a next page. */
export async function searchCustomers(db: Db, terms: string[], limit: number, offset: number): Promise<Customer[]> {
  let query = db.selectFrom('customers').selectAll();
  for (const term of terms) query = query.where(sql<boolean>`search_text like ${containsPattern(term)} escape '\\'`);
  const rows = await query.orderBy('sort_key').orderBy('id').limit(limit).offset(offset).execute();
  return rows.map(toCustomer);
}

export async function selectAllCustomers(db: Db): Promise<Customer[]> {
  const rows = await db.selectFrom('customers').selectAll().orderBy('sort_key').orderBy('id').execute();
  return rows.map(toCustomer);
}

/** The customers after `afterId` in id order, `limit` at most: a mailing to every customer reads them one batch at a time. */
export async function selectAddressesAfter(db: Db, afterId: string | null, limit: number): Promise<{ id: string; email: string }[]> {
  let query = db.selectFrom('customers').select(['id', 'email']).orderBy('id').limit(limit);
  if (afterId !== null) query = query.where('id', '>', afterId);
  return query.execute();
}

export async function insertChanges(db: Db, customerId: string, changes: CustomerChange[], adminId: string | null): Promise<void> {
  if (changes.length === 0) return;
  await db
    .insertInto('customer_changes')
    .values(
      changes.map(
        (c): CustomerChangesTable => ({
          id: newId(),
          customer_id: customerId,
          field: c.field,
          before_value: c.before,
          after_value: c.after,
          actor: c.actor,
          admin_id: adminId,
          admin_email: c.adminEmail,
          booking_id: c.bookingId,
          changed_at: c.changedAt,
        }),
      ),
    )
    .execute();
}

export async function selectChanges(db: Db, customerId: string): Promise<CustomerChange[]> {
  const rows = await db.selectFrom('customer_changes').selectAll().where('customer_id', '=', customerId).orderBy('changed_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({
    field: r.field as CustomerChange['field'],
    before: r.before_value,
    after: r.after_value,
    actor: r.actor,
    adminEmail: r.admin_email,
    bookingId: r.booking_id,
    changedAt: r.changed_at,
  }));
}

export async function insertNote(db: Db, note: { customerId: string; body: string; adminId: string; adminEmail: string; at: string }): Promise<void> {
  await db
    .insertInto('customer_notes')
    .values({ id: newId(), customer_id: note.customerId, body: note.body, admin_id: note.adminId, admin_email: note.adminEmail, created_at: note.at })
    .execute();
}

export async function selectNotes(db: Db, customerId: string): Promise<CustomerNote[]> {
  const rows = await db.selectFrom('customer_notes').selectAll().where('customer_id', '=', customerId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ id: r.id, body: r.body, adminEmail: r.admin_email, createdAt: r.created_at }));
}

/**
 * Retention (privacy policy art. 4): three years after a customer's last booking, the
 * customer, their notes and the history of their details are deleted (the bookings lose
 * the link; the booking module then anonymises their snapshot). Returns what was deleted.
 */
export async function deleteCustomersInactiveSince(db: Db, cutoffIso: string): Promise<{ customers: number; notes: number }> {
  const stale = await db
    .selectFrom('customers')
    .select('id')
    .where((eb) => eb(eb.fn.coalesce('last_booking_at', 'created_at'), '<', cutoffIso))
    .limit(500)
    .execute();
  if (stale.length === 0) return { customers: 0, notes: 0 };
  const ids = stale.map((r) => r.id);
  // Each statement checks the date again: a booking made since the list was read keeps its customer.
  const stillStale = db
    .selectFrom('customers')
    .select('id')
    .where('id', 'in', ids)
    .where((eb) => eb(eb.fn.coalesce('last_booking_at', 'created_at'), '<', cutoffIso));
  const notes = await db.deleteFrom('customer_notes').where('customer_id', 'in', stillStale).executeTakeFirst();
  await db.deleteFrom('customer_changes').where('customer_id', 'in', stillStale).execute();
  const customers = await db
    .deleteFrom('customers')
    .where('id', 'in', ids)
    .where((eb) => eb(eb.fn.coalesce('last_booking_at', 'created_at'), '<', cutoffIso))
    .executeTakeFirst();
  return { customers: Number(customers.numDeletedRows), notes: Number(notes.numDeletedRows) };
}

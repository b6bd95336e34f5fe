import { sql, type Expression, type InsertQueryBuilder, type Kysely, type QueryCreator, type Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { newId } from '../../platform/ids.js';
import { affected, emailIn, exportRow } from '../../platform/personal-data.js';
import type { DataSubject } from '../../platform/privacy-register.js';
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

/** A new customer, as the statements below insert one. */
type NewCustomer = { id: string; details: CustomerDetails; lastBookingAt: string | null; at: string };

/**
 * A new customer's insert, alone or inside another statement (a booking's, on PostgreSQL):
 * nothing happens when a customer with the same address is already there.
 */
export function newCustomerInsert(customer: NewCustomer) {
  return (qc: QueryCreator<DB>): InsertQueryBuilder<DB, 'customers', any> =>
    qc
      .insertInto('customers')
      .values({ id: customer.id, ...detailColumns(customer.details), last_booking_at: customer.lastBookingAt, created_at: customer.at, updated_at: customer.at })
      .onConflict((oc) => oc.column('email_normalised').doNothing());
}

/**
 * PostgreSQL, in one round trip: inserts the customer unless one with the same address exists,
 * and returns the one that existed before. `inserted` false with no `existing` means another
 * transaction created that address meanwhile (read it again once that one has committed).
 */
export async function insertCustomerOrSelectExisting(
  db: Db,
  customer: NewCustomer,
): Promise<{ inserted: boolean; existing: Customer | undefined }> {
  const row = await db
    .with('inserted', (q) => newCustomerInsert(customer)(q).returning('id'))
    // The statement's snapshot is taken before its insert: the join finds only a customer that was there already.
    .selectFrom(sql<{ one: number }>`(select 1)`.as('one'))
    .leftJoin('customers', (join) => join.on('customers.email_normalised', '=', normaliseEmail(customer.details.email)))
    .selectAll('customers')
    .select((eb) => eb.exists(eb.selectFrom('inserted').select('inserted.id')).as('inserted'))
    .executeTakeFirstOrThrow();
  const existing = row.id === null ? undefined : toCustomer(row as Selectable<CustomersTable>);
  return { inserted: Boolean(row.inserted), existing };
}

/** Inserts a new customer unless one with the same address exists; true when inserted. */
export async function insertCustomer(db: Db, customer: NewCustomer): Promise<boolean> {
  const result = await newCustomerInsert(customer)(db).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/**
 * The id of the customer known by `email`, else `newId`, evaluated by the statement it is part of.
 * Every part of a PostgreSQL statement sees the same snapshot, taken before its inserts: in the
 * statement that also runs newCustomerInsert, this is the customer that was there before it, or
 * the one it inserts.
 */
export function customerIdByEmailOr(email: string, newId: string): Expression<string> {
  return sql<string>`coalesce((select id from customers where email_normalised = ${normaliseEmail(email)}), ${newId})`;
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

/** What the retention of inactive customers would delete now: the customers and their notes. */
export async function countInactiveSince(db: Db, cutoffIso: string): Promise<{ customers: number; notes: number }> {
  const stale = db.selectFrom('customers').select('id').where((eb) => eb(eb.fn.coalesce('last_booking_at', 'created_at'), '<', cutoffIso));
  const [customers, notes] = await Promise.all([
    db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', stale).executeTakeFirstOrThrow(),
    db.selectFrom('customer_notes').select((eb) => eb.fn.countAll<number>().as('n')).where('customer_id', 'in', stale).executeTakeFirstOrThrow(),
  ]);
  return { customers: Number(customers.n), notes: Number(notes.n) };
}

// ---------------------------------------------------------------------------------------------
// One person's data (the register's personal-data port): the records of their customer id and
// of each of their addresses (one customer per normalised address, so a person known by two
// addresses may have two records).
// ---------------------------------------------------------------------------------------------

function subjectCustomerIds(db: Db, subject: DataSubject) {
  return db
    .selectFrom('customers')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', subject.customerId ?? ''), emailIn('email_normalised', subject.emails)]));
}

export async function countPersonalData(db: Db, subject: DataSubject): Promise<{ customers: number; notes: number; changes: number }> {
  const ids = subjectCustomerIds(db, subject);
  const count = (table: 'customers' | 'customer_notes' | 'customer_changes', column: 'id' | 'customer_id') =>
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(column, 'in', ids)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  const [customers, notes, changes] = await Promise.all([count('customers', 'id'), count('customer_notes', 'customer_id'), count('customer_changes', 'customer_id')]);
  return { customers, notes, changes };
}

/** The person's records as they may read them: their record whole, the history of their details, the notes about them (without the author's address, a member of the team's). */
export async function selectPersonalData(db: Db, subject: DataSubject) {
  const ids = subjectCustomerIds(db, subject);
  const [customers, changes, notes] = await Promise.all([
    db.selectFrom('customers').selectAll().where('id', 'in', ids).orderBy('created_at').execute(),
    db
      .selectFrom('customer_changes')
      .select(['customer_id', 'field', 'before_value', 'after_value', 'actor', 'booking_id', 'changed_at'])
      .where('customer_id', 'in', ids)
      .orderBy('changed_at')
      .orderBy('id')
      .execute(),
    db.selectFrom('customer_notes').select(['customer_id', 'body', 'created_at']).where('customer_id', 'in', ids).orderBy('created_at').orderBy('id').execute(),
  ]);
  return { customers: customers.map(exportRow), changes: changes.map(exportRow), notes: notes.map(exportRow) };
}

/**
 * Deletes the person's records (the notes and changes first; the bookings already lost the
 * link, the booking module's port runs before this one), and takes their address off what they
 * wrote about customers if they are a member of the team.
 */
export async function erasePersonalData(db: Db, subject: DataSubject): Promise<{ customers: number; notes: number; changes: number; authorship: number }> {
  const ids = (await subjectCustomerIds(db, subject).execute()).map((r) => r.id);
  let notes = 0;
  let changes = 0;
  let customers = 0;
  if (ids.length > 0) {
    notes = affected(await db.deleteFrom('customer_notes').where('customer_id', 'in', ids).executeTakeFirst());
    changes = affected(await db.deleteFrom('customer_changes').where('customer_id', 'in', ids).executeTakeFirst());
    customers = affected(await db.deleteFrom('customers').where('id', 'in', ids).executeTakeFirst());
  }
  const authorship =
    affected(await db.updateTable('customer_notes').set({ admin_email: '' }).where(emailIn('admin_email', subject.emails)).executeTakeFirst()) +
    affected(await db.updateTable('customer_changes').set({ admin_email: null }).where(emailIn('admin_email', subject.emails)).executeTakeFirst());
  return { customers, notes, changes, authorship };
}

/** The customers whose retention period ended before the cutoff: the booking module anonymises their bookings. */
export function inactiveCustomerIds(db: Db, cutoffIso: string) {
  return db.selectFrom('customers').select('id').where((eb) => eb(eb.fn.coalesce('last_booking_at', 'created_at'), '<', cutoffIso));
}

/** Retention: the notes about customers whose period ended before the cutoff. */
export async function deleteNotesOfInactiveSince(db: Db, cutoffIso: string): Promise<number> {
  return affected(await db.deleteFrom('customer_notes').where('customer_id', 'in', inactiveCustomerIds(db, cutoffIso)).executeTakeFirst());
}

/** The addresses a customer had before their current one (the history of their e-mail changes). */
export async function selectFormerEmails(db: Kysely<DB>, customerId: string): Promise<string[]> {
  const rows = await db.selectFrom('customer_changes').select('before_value').where('customer_id', '=', customerId).where('field', '=', 'email').execute();
  return rows.map((r) => r.before_value).filter((value): value is string => typeof value === 'string' && value !== '');
}

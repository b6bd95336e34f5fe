import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { instantColumnType, type DialectName } from '../dialect.js';

/**
 * Customers become people in the data model: one per normalised e-mail address, with the
 * owner's notes and the history of their details. Bookings reference their customer and keep
 * the snapshot of the details given at booking time. Existing bookings are back-filled: one
 * customer per address, with the details of their latest booking.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_normalised', 'text', (c) => c.notNull().unique())
    .addColumn('last_name', 'text')
    .addColumn('first_name', 'text')
    .addColumn('company', 'text')
    .addColumn('country', 'text')
    .addColumn('phone', 'text')
    .addColumn('address_line1', 'text')
    .addColumn('address_line2', 'text')
    .addColumn('address_postal_code', 'text')
    .addColumn('address_city', 'text')
    .addColumn('address_country', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('sort_key', 'text', (c) => c.notNull())
    .addColumn('last_booking_at', instant)
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_by_sort_key').on('customers').columns(['sort_key', 'id']).execute();
  await db.schema.createIndex('customers_by_last_booking').on('customers').column('last_booking_at').execute();

  await db.schema
    .createTable('customer_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('admin_id', 'text', (c) => c.notNull())
    .addColumn('admin_email', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customer_notes_by_customer').on('customer_notes').columns(['customer_id', 'created_at']).execute();

  await db.schema
    .createTable('customer_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('before_value', 'text')
    .addColumn('after_value', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('admin_id', 'text')
    .addColumn('admin_email', 'text')
    .addColumn('booking_id', 'text')
    .addColumn('changed_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customer_changes_by_customer').on('customer_changes').columns(['customer_id', 'changed_at']).execute();

  // When a customer is erased, their bookings lose the link; the booking module's sweep then anonymises the snapshot.
  await db.schema
    .alterTable('bookings')
    .addColumn('customer_id', 'text', (c) => c.references('customers.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('bookings_by_customer').on('bookings').columns(['customer_id', 'start_at']).execute();

  await backFill(db);
}

interface BookingRow {
  id: string;
  customer_email: string;
  customer_last_name: string | null;
  customer_first_name: string | null;
  customer_company: string | null;
  customer_country: string | null;
  customer_phone: string | null;
  address_line1: string | null;
  address_line2: string | null;
  address_postal_code: string | null;
  address_city: string | null;
  address_country: string | null;
  end_at: string | Date;
  created_at: string | Date;
}

/** Exported for its test: one customer per address of the existing bookings. */
export async function backFill(db: Kysely<any>): Promise<void> {
  const rows = (await db
    .selectFrom('bookings')
    .select([
      'id',
      'customer_email',
      'customer_last_name',
      'customer_first_name',
      'customer_company',
      'customer_country',
      'customer_phone',
      'address_line1',
      'address_line2',
      'address_postal_code',
      'address_city',
      'address_country',
      'end_at',
      'created_at',
    ])
    .where('customer_email', '!=', '')
    .orderBy('created_at')
    .orderBy('id')
    .execute()) as BookingRow[];
  const iso = (v: string | Date) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());
  const byEmail = new Map<string, BookingRow[]>();
  for (const row of rows) {
    const key = row.customer_email.trim().toLowerCase();
    byEmail.set(key, [...(byEmail.get(key) ?? []), row]);
  }
  for (const [normalised, bookings] of byEmail) {
    // Rows are in creation order: the latest booking's details are the customer's.
    const latest = bookings[bookings.length - 1]!;
    const id = uuidv7();
    const lastBooking = bookings.map((b) => iso(b.end_at)).sort().pop()!;
    const details = {
      lastName: latest.customer_last_name,
      firstName: latest.customer_first_name,
      company: latest.customer_company,
      email: latest.customer_email.trim(),
      phone: latest.customer_phone,
    };
    await db
      .insertInto('customers')
      .values({
        id,
        email: details.email,
        email_normalised: normalised,
        last_name: latest.customer_last_name,
        first_name: latest.customer_first_name,
        company: latest.customer_company,
        country: latest.customer_country,
        phone: latest.customer_phone,
        address_line1: latest.address_line1,
        address_line2: latest.address_line2,
        address_postal_code: latest.address_postal_code,
        address_city: latest.address_city,
        address_country: latest.address_country,
        search_text: searchText(details),
        sort_key: sortKey(details),
        last_booking_at: lastBooking,
        created_at: iso(bookings[0]!.created_at),
        updated_at: iso(latest.created_at),
      })
      .execute();
    const ids = bookings.map((b) => b.id);
    for (let i = 0; i < ids.length; i += 500) {
      await db.updateTable('bookings').set({ customer_id: id }).where('id', 'in', ids.slice(i, i + 500)).execute();
    }
  }
}

// The search text as customers.search.ts writes it, frozen here: a migration never imports app code.
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function searchText(c: { lastName: string | null; firstName: string | null; company: string | null; email: string; phone: string | null }): string {
  const parts = [c.firstName, c.lastName, c.company, c.email];
  if (c.phone) {
    parts.push(c.phone.replace(/\D/g, ''));
    const national = parsePhoneNumberFromString(c.phone)?.formatNational().replace(/\D/g, '');
    if (national) parts.push(national);
  }
  return ` ${fold(parts.filter(Boolean).join(' '))} `;
}

function sortKey(c: { lastName: string | null; firstName: string | null; email: string }): string {
  return fold([c.lastName ?? '', c.firstName ?? '', c.email].join(' '));
}

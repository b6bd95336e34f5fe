import type { Expression, InsertQueryBuilder, Kysely, QueryCreator } from 'kysely';
import type { Database } from '../../db/database.js';
import type { EventBus } from '../jobs/index.js';
import { isUniqueViolation, type DialectName } from '../../db/dialect.js';
import type { DB } from '../../db/schema.js';
import { inSerializableTransaction } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { ValidationFailed } from '../../platform/http/errors.js';
import { toFieldErrors } from '../../platform/http/validation.js';
import { newId } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { customerErrors } from './customers.errors.js';
import { customerFields, fieldValue, type Customer, type CustomerChange, type CustomerDetails, type CustomerNote, type Editor } from './customers.model.js';
import * as queries from './customers.queries.js';
import { contactFormSchema, customerFormSchema, customerValidationTexts, finishContactForm, finishCustomerForm, noteFormSchema } from './customers.schemas.js';
import { searchTerms } from './customers.search.js';

export const PAGE_SIZE = 25;

export type CustomersService = ReturnType<typeof createCustomersService>;

/** What changed between two versions of a customer's details, one line per field. */
function changesBetween(before: CustomerDetails, after: CustomerDetails, line: Omit<CustomerChange, 'field' | 'before' | 'after'>): CustomerChange[] {
  return customerFields
    .map((field) => ({ field, before: fieldValue(before, field), after: fieldValue(after, field) }))
    .filter((c) => c.before !== c.after)
    .map((c) => ({ ...c, ...line }));
}

/** A booking's details for its customer (see recordBookingCustomer). */
interface BookingCustomerInput {
  id: string;
  details: CustomerDetails;
  end: string;
  at: string;
  /** The owner, when they correct a booking's details. */
  by?: Editor;
}

/** The customer a booking creates when its address is new: the booking's details, its end as the latest booking. */
function newCustomerOf(booking: BookingCustomerInput) {
  return { id: newId(), details: booking.details, lastBookingAt: booking.end, at: booking.at };
}

/**
 * The customer of a booking, inside the booking's own transaction: found by normalised
 * e-mail address or created. Details the booking gives replace the stored ones (an empty
 * field leaves them as they were), each change recorded; the retention period restarts.
 * Returns the customer's id, for the booking to reference.
 */
export async function recordBookingCustomer(trx: Kysely<DB>, dialect: DialectName, booking: BookingCustomerInput): Promise<string> {
  const newCustomer = newCustomerOf(booking);
  let existing: Customer | undefined;
  if (dialect === 'postgres') {
    // One round trip where the same two would each cross to the server (BENCHMARKS.md).
    const found = await queries.insertCustomerOrSelectExisting(trx, newCustomer);
    if (found.inserted) return newCustomer.id;
    existing = found.existing;
  } else {
    existing = await queries.selectCustomerByEmail(trx, booking.details.email);
    if (!existing && (await queries.insertCustomer(trx, newCustomer))) return newCustomer.id;
  }
  // Created meanwhile by a transaction outside the agenda's lock (the owner adding a customer): read it now.
  existing ??= await queries.selectCustomerByEmail(trx, booking.details.email);
  if (!existing) throw new Error('customer insert conflicted but no customer was found');
  await mergeBookingDetails(trx, existing, booking);
  return existing.id;
}

/** Details a booking gives, merged into the customer already known by its address. */
async function mergeBookingDetails(trx: Kysely<DB>, existing: Customer, booking: BookingCustomerInput): Promise<void> {
  const d = booking.details;
  const merged: CustomerDetails = {
    lastName: d.lastName ?? existing.lastName,
    firstName: d.firstName ?? existing.firstName,
    company: d.company ?? existing.company,
    country: d.country ?? existing.country,
    email: d.email.trim(),
    phone: d.phone ?? existing.phone,
    address: d.address ?? existing.address,
  };
  const { by } = booking;
  const changes = changesBetween(existing, merged, { actor: by ? 'owner' : 'booking', adminEmail: by?.email ?? null, bookingId: booking.id, changedAt: booking.at });
  if (changes.length > 0) {
    await queries.updateCustomer(trx, existing.id, { details: merged, at: booking.at, lastBookingAt: booking.end });
    await queries.insertChanges(trx, existing.id, changes, by?.id ?? null);
  } else {
    await queries.extendLastBooking(trx, existing.id, booking.end);
  }
}

/**
 * A new booking's customer, decided by the booking's own statement on PostgreSQL (inside the
 * agenda's lock, each round trip lengthens the line of bookings waiting their turn): the booking
 * row's customer_id is `column`, `inserts` go first in the same statement, which answers `answer`
 * for `settle`. A new address costs no statement of its own; a known one has its details merged
 * afterwards, as recordBookingCustomer does. On SQLite, where a statement costs no round trip,
 * recordBookingCustomer runs at once.
 */
export interface BookingCustomer {
  /** What the booking row's customer_id holds: the customer's id, or an expression its statement evaluates. */
  column: string | Expression<string>;
  inserts: ((qc: QueryCreator<DB>) => InsertQueryBuilder<DB, 'customers', any>)[];
  /** What the booking's statement must answer for `settle`; undefined when nothing is left to decide. */
  answer: Expression<string> | undefined;
  /** The customer's id once the booking's statement has run, given its answer. */
  settle(answered: string | undefined): Promise<string>;
}

export async function bookingCustomer(trx: Kysely<DB>, dialect: DialectName, booking: BookingCustomerInput): Promise<BookingCustomer> {
  if (dialect !== 'postgres') {
    const id = await recordBookingCustomer(trx, dialect, booking);
    return { column: id, inserts: [], answer: undefined, settle: async () => id };
  }
  const newCustomer = newCustomerOf(booking);
  const customerId = queries.customerIdByEmailOr(booking.details.email, newCustomer.id);
  return {
    column: customerId,
    inserts: [queries.newCustomerInsert(newCustomer)],
    answer: customerId,
    async settle(answered) {
      if (answered === undefined) throw new Error('the booking statement did not answer which customer it references');
      // Its own new id: the insert took place (the booking's foreign key would have failed the statement otherwise).
      if (answered === newCustomer.id) return answered;
      const existing = await queries.selectCustomerById(trx, answered);
      if (!existing) throw new Error('the booking references a customer that cannot be read back');
      await mergeBookingDetails(trx, existing, booking);
      return existing.id;
    },
  };
}

/** A booking of the customer now ends at `end` (moved): the retention period runs from the latest end. */
export async function extendCustomerRetention(trx: Kysely<DB>, customerId: string, end: string): Promise<void> {
  await queries.extendLastBooking(trx, customerId, end);
}

export function createCustomersService({ database, clock, events }: { database: Database; clock: Clock; events?: EventBus }) {
  const { db } = database;

  async function get(id: string): Promise<Customer> {
    const found = await queries.selectCustomerById(db, id);
    if (!found) throw customerErrors.CUSTOMER_NOT_FOUND();
    return found;
  }

  return {
    get,

    /** A page of customers whose name, e-mail, phone or company holds every word of `q` (case and accents ignored). */
    async search(q: string, page: number): Promise<{ customers: Customer[]; hasNext: boolean }> {
      const rows = await queries.searchCustomers(db, searchTerms(q), PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
      return { customers: rows.slice(0, PAGE_SIZE), hasNext: rows.length > PAGE_SIZE };
    },

    all: (): Promise<Customer[]> => queries.selectAllCustomers(db),
    /** Every customer's address, one batch at a time in id order (a mailing to all customers: the policy's announcement). */
    addressesAfter: (afterId: string | null, limit: number) => queries.selectAddressesAfter(db, afterId, limit),
    notes: (id: string): Promise<CustomerNote[]> => queries.selectNotes(db, id),
    changes: (id: string): Promise<CustomerChange[]> => queries.selectChanges(db, id),

    /** The owner corrects a customer's details; every changed field is recorded with who and when. */
    async update(id: string, input: unknown, editor: Editor, locale: Locale): Promise<{ customer: Customer; changes: CustomerChange[] }> {
      const parsed = customerFormSchema.safeParse(input);
      if (!parsed.success) throw new ValidationFailed(toFieldErrors(parsed.error, locale, customerValidationTexts));
      const { details, errors } = finishCustomerForm(parsed.data, locale);
      if (errors.length) throw new ValidationFailed(errors);
      const at = clock.now().toISOString();
      try {
        return await inSerializableTransaction(database, async (trx) => {
          const existing = await queries.selectCustomerById(trx, id);
          if (!existing) throw customerErrors.CUSTOMER_NOT_FOUND();
          if (parsed.data.version !== undefined && parsed.data.version !== existing.updatedAt) throw customerErrors.CUSTOMER_CHANGED();
          if (queries.normaliseEmail(details.email) !== queries.normaliseEmail(existing.email)) {
            const other = await queries.selectCustomerByEmail(trx, details.email);
            if (other && other.id !== id) throw customerErrors.EMAIL_TAKEN();
          }
          const changes = changesBetween(existing, details, { actor: 'owner', adminEmail: editor.email, bookingId: null, changedAt: at });
          if (changes.length === 0) return { customer: existing, changes };
          if (!(await queries.updateCustomer(trx, id, { details, at, expectedUpdatedAt: existing.updatedAt }))) throw customerErrors.CUSTOMER_CHANGED();
          await queries.insertChanges(trx, id, changes, editor.id);
          await events?.publishWithin(trx, { type: 'customer.updated', subjectId: id, occurredAt: at });
          return { customer: { ...existing, ...details, updatedAt: at }, changes };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw customerErrors.EMAIL_TAKEN();
        throw error;
      }
    },

    /** The customer found by their e-mail address (trimmed, lower-cased), as the sign-in to their space asks. */
    byEmail: (email: string): Promise<Customer | undefined> => queries.selectCustomerByEmail(db, email),

    /** The customer with this id, or undefined (the privacy engine's lookup of a person). */
    byId: (id: string): Promise<Customer | undefined> => queries.selectCustomerById(db, id),
    /** The addresses the customer had before (an erasure must find what was sent to them too). */
    formerEmails: (id: string): Promise<string[]> => queries.selectFormerEmails(db, id),

    /**
     * The customer updates their own phone and postal address from their space; each changed field
     * is recorded with the customer as its author. Bad input changes nothing.
     */
    async updateContactByCustomer(id: string, input: unknown, locale: Locale): Promise<{ customer: Customer; changes: CustomerChange[] }> {
      const parsed = contactFormSchema.safeParse(input);
      if (!parsed.success) throw new ValidationFailed(toFieldErrors(parsed.error, locale, customerValidationTexts));
      const at = clock.now().toISOString();
      return inSerializableTransaction(database, async (trx) => {
        const existing = await queries.selectCustomerById(trx, id);
        if (!existing) throw customerErrors.CUSTOMER_NOT_FOUND();
        const { details, errors } = finishContactForm(parsed.data, existing, locale);
        if (errors.length) throw new ValidationFailed(errors);
        const changes = changesBetween(existing, details, { actor: 'customer', adminEmail: null, bookingId: null, changedAt: at });
        if (changes.length === 0) return { customer: existing, changes };
        await queries.updateCustomer(trx, id, { details, at });
        await queries.insertChanges(trx, id, changes, null);
        await events?.publishWithin(trx, { type: 'customer.updated', subjectId: id, occurredAt: at });
        return { customer: { ...existing, ...details, updatedAt: at }, changes };
      });
    },

    /** A private note of the owner's about the customer (personal data too: it follows the customer's retention). */
    async addNote(id: string, input: unknown, editor: Editor, locale: Locale): Promise<void> {
      const parsed = noteFormSchema.safeParse(input);
      if (!parsed.success) throw new ValidationFailed(toFieldErrors(parsed.error, locale, customerValidationTexts));
      await get(id);
      await queries.insertNote(db, { customerId: id, body: parsed.data.body, adminId: editor.id, adminEmail: editor.email, at: clock.now().toISOString() });
    },
  };
}

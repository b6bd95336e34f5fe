import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../db/schema.js';
import type { DataSubject, ErasureLine, ExportValue, PersonalDataFound } from './privacy-register.js';

/**
 * Small helpers the modules' personal-data ports share: matching a person's addresses in SQL the
 * same way on SQLite and PostgreSQL, and writing the port's answers without empty lines.
 */

/** How an address is compared: trimmed, lower case (DataSubject.emails are given so). */
export function normaliseAddress(email: string): string {
  return email.trim().toLowerCase();
}

/** `column` holds one of `emails` (compared trimmed and in lower case); never true without addresses. */
export function emailIn(column: string, emails: readonly string[]): RawBuilder<SqlBool> {
  const normalised = [...new Set(emails.map(normaliseAddress))].filter((e) => e !== '');
  if (normalised.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`lower(trim(${sql.ref(column)})) in (${sql.join(normalised)})`;
}

/**
 * `column`'s text mentions one of `emails` anywhere (a message body, a webhook's JSON). LIKE with
 * its wildcards escaped: an address's « _ » must not match any character.
 */
export function mentionsEmail(column: string, emails: readonly string[]): RawBuilder<SqlBool> {
  const normalised = [...new Set(emails.map(normaliseAddress))].filter((e) => e !== '');
  if (normalised.length === 0) return sql<SqlBool>`1 = 0`;
  const patterns = normalised.map((email) => `%${email.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return sql<SqlBool>`(${sql.join(
    patterns.map((pattern) => sql`lower(${sql.ref(column)}) like ${pattern} escape '\\'`),
    sql` or `,
  )})`;
}

/** The lines of a find or an erasure that found something: a second erasure reports nothing. */
export function nonEmpty<T extends PersonalDataFound | ErasureLine>(lines: T[]): T[] {
  return lines.filter((line) => line.count > 0);
}

/** A database row as an exported row: numbers, strings, booleans and nulls only. */
export function exportRow(row: Record<string, unknown>): Record<string, ExportValue> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key, value === undefined ? null : value instanceof Date ? value.toISOString() : (value as ExportValue)]),
  );
}

/** The number of rows a Kysely delete or update touched. */
export function affected(result: { numDeletedRows?: bigint; numUpdatedRows?: bigint }): number {
  return Number(result.numDeletedRows ?? result.numUpdatedRows ?? 0n);
}

/**
 * Whether a person's processing is restricted (GDPR art. 18): read once per export, then asked of
 * each row. Given by app.ts from the restrictions module to every module whose data leaves for
 * the owner's other tools (files, API, webhooks, calendar feed), which must not import it.
 */
export type RestrictedTest = () => Promise<(person: { email: string; customerId?: string | null }) => boolean>;

/** Nobody is restricted: the default where no test is wired (a module built alone, in a test). */
export const nobodyRestricted: RestrictedTest = async () => () => false;

/** What stands for a restricted person's name where a text is required: the data is there, but only stored. */
export const RESTRICTED_MARK = 'Traitement limité (RGPD, art. 18)';

/**
 * The person's bookings, by their customer record or their address: payments, refunds and invoices
 * name their booking, not their person. Here rather than in the booking module's index.ts because
 * booking already imports payments (a payments → booking import would be a cycle); it takes the
 * port's transaction, and app.ts runs the payments and invoices ports before booking's erases them.
 */
export async function bookingIdsOfSubject(db: Kysely<DB>, subject: DataSubject): Promise<string[]> {
  if (!subject.customerId && subject.emails.length === 0) return [];
  const rows = await db
    .selectFrom('bookings')
    .select('id')
    .where((eb) => eb.or([...(subject.customerId ? [eb('customer_id', '=', subject.customerId)] : []), emailIn('customer_email', subject.emails)]))
    .execute();
  return rows.map((r) => r.id);
}

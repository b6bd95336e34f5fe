import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../../src/db/schema.js';
import { AppError, ValidationFailed, type FieldError } from '../../src/platform/http/errors.js';
import { customer, MONDAY_10, type TestApp } from './app.js';

/**
 * Helpers of the booking tests: a valid request, the error a call ends with, row counts
 * and iCalendar properties. They read the real database; nothing is mocked.
 */

/**
 * A valid booking request for the service API (bookSlot); `customer` overrides merge into the default customer.
 * MONDAY_10 is inside the 14-day withdrawal period of TEST_NOW, so the request asks for the early start it needs.
 */
export function bookingRequest(overrides: { customer?: Record<string, unknown>; [key: string]: unknown } = {}) {
  const { customer: customerOverrides, ...rest } = overrides;
  return { service: 'diagnostic-informatique', start: MONDAY_10, customer: customer(customerOverrides), requestEarlyPerformance: true, ...rest };
}

/** The options of an API booking in French, unless told otherwise. */
export function apiOptions(overrides: { locale?: 'fr' | 'en'; idempotencyKey?: string } = {}) {
  return { locale: 'fr' as const, source: 'api' as const, requireTermsAcceptance: false, ...overrides };
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The code of the AppError `promise` rejects with (fails on anything else). */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await rejectionOf(promise);
  expect(error, String(error)).toBeInstanceOf(AppError);
  return error as AppError;
}

/** The field errors of the ValidationFailed `promise` rejects with, as { field: message }. */
export async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await rejectionOf(promise);
  expect(error, String(error)).toBeInstanceOf(ValidationFailed);
  return Object.fromEntries((error as ValidationFailed).errors.map((e: FieldError) => [e.field, e.message]));
}

export async function countRows(t: TestApp, table: 'bookings' | 'booking_events' | 'outbox_messages'): Promise<number> {
  const db = t.db.database.db as Kysely<DB>;
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An iCalendar text, lines unfolded, as property name → values. */
export function icsProperties(text: string): Map<string, string[]> {
  const properties = new Map<string, string[]>();
  for (const line of text.replace(/\r\n[ \t]/g, '').split(/\r\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).split(';')[0]!;
    properties.set(name, [...(properties.get(name) ?? []), line.slice(colon + 1)]);
  }
  return properties;
}

/** French typography: a regular space before : ; ! ? » or after «, where a non-breaking one belongs. */
export const FRENCH_SPACING_MISTAKE = /[ \t][:;!?»]|«[ \t]/;

import { z } from 'zod';
import type { ValidationTexts } from './http/validation.js';
import { isCalendarDate, localDateOf } from './time-zone.js';

/**
 * A period of local dates (`from` and `to`, both included), as the back office's lists and the
 * accountant's exports take it. Shared by several modules (exports, payments, invoices), so it
 * lives here rather than in one of them.
 */

/** Longest period of one export or list, in days. */
export const MAX_PERIOD_DAYS = 400;

export interface Period {
  from: string;
  to: string;
}

const day = z.string({ error: 'required' }).trim().min(1, 'required').max(10, 'date').refine(isCalendarDate, 'date');

/** `from` and `to`, local dates YYYY-MM-DD, both included, `to` not before `from`, at most MAX_PERIOD_DAYS. */
export const periodSchema = z
  .object({ from: day, to: day })
  .refine((p) => p.to >= p.from, { path: ['to'], message: 'order' })
  .refine((p) => (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000 < MAX_PERIOD_DAYS, { path: ['to'], message: 'tooLongPeriod' });

export const periodValidationTexts: ValidationTexts = {
  fr: {
    'label.from': 'la date de début',
    'label.to': 'la date de fin',
    date: 'Indiquez une date réelle au format AAAA-MM-JJ, par exemple 2026-11-01.',
    order: 'La date de fin doit être la même que la date de début ou postérieure.',
    tooLongPeriod: `Choisissez une période d’au plus ${MAX_PERIOD_DAYS}\u00a0jours.`,
  },
  en: {
    'label.from': 'the start date',
    'label.to': 'the end date',
    date: 'Enter a real date as YYYY-MM-DD, e.g. 2026-11-01.',
    order: 'The end date must be the start date or later.',
    tooLongPeriod: `Choose a period of at most ${MAX_PERIOD_DAYS} days.`,
  },
};

/** The current month in the business's zone, from its first day to its last. */
export function currentMonth(now: Date, zone: string): Period {
  const today = localDateOf(now.getTime(), zone);
  const [y, m] = today.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${today.slice(0, 7)}-01`, to: `${today.slice(0, 7)}-${String(last).padStart(2, '0')}` };
}

/** The month before the current one, in the business's zone. */
export function previousMonth(now: Date, zone: string): Period {
  const { from } = currentMonth(now, zone);
  const [y, m] = from.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 2, 1));
  const end = new Date(Date.UTC(y, m - 1, 0));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

/** What a query string gave for `from` and `to`, cut to a date's length, to show it again in the form. */
export function periodAsTyped(query: Record<string, unknown> | undefined): Period {
  const shown = (v: unknown) => (typeof v === 'string' ? v.slice(0, 10) : '');
  return { from: shown(query?.from), to: shown(query?.to) };
}

/**
 * The first day of the calendar year of `cutoff`: records of the financial years (the calendar
 * years) ended before it are past an active life counted « from the end of the financial year »
 * (the invoices' and payments' retention rules).
 */
export const fiscalYearsEndedBefore = (cutoff: Date): string => `${cutoff.getUTCFullYear()}-01-01`;

import { z } from 'zod';
import type { ValidationTexts } from '../../platform/http/validation.js';
import { isCalendarDate } from '../../platform/time-zone.js';

/** Longest period of one bookings export, in days. */
export const MAX_PERIOD_DAYS = 400;

const day = z.string({ error: 'required' }).trim().min(1, 'required').max(10, 'date').refine(isCalendarDate, 'date');

/** `from` and `to`, local dates, both included. */
export const periodSchema = z
  .object({ from: day, to: day })
  .refine((p) => p.to >= p.from, { path: ['to'], message: 'order' })
  .refine((p) => (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000 < MAX_PERIOD_DAYS, { path: ['to'], message: 'tooLongPeriod' });

export const exportValidationTexts: ValidationTexts = {
  fr: {
    'label.from': 'la date de début',
    'label.to': 'la date de fin',
    date: 'Indiquez une date réelle au format AAAA-MM-JJ, par exemple 2026-11-01.',
    order: 'La date de fin doit être la même que la date de début ou postérieure.',
    tooLongPeriod: `Exportez au plus ${MAX_PERIOD_DAYS}\u00a0jours à la fois.`,
  },
  en: {
    'label.from': 'the start date',
    'label.to': 'the end date',
    date: 'Enter a real date as YYYY-MM-DD, e.g. 2026-11-01.',
    order: 'The end date must be the start date or later.',
    tooLongPeriod: `Export at most ${MAX_PERIOD_DAYS} days at a time.`,
  },
};

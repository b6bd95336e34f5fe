import { z } from 'zod';
import type { ValidationTexts } from '../../platform/http/validation.js';
import { MAX_PERIOD_DAYS, periodSchema as platformPeriodSchema } from '../../platform/period.js';

export { MAX_PERIOD_DAYS };

/** `from` and `to`, local dates, both included (the platform's period, with the exports' own wording). */
export const periodSchema = platformPeriodSchema;

/** How the sales to private customers are grouped: per day (default) or per month. */
export const groupingSchema = z.object({ per: z.enum(['day', 'month'], { error: 'grouping' }).optional() });

export const exportValidationTexts: ValidationTexts = {
  fr: {
    'label.from': 'la date de début',
    'label.to': 'la date de fin',
    'label.per': 'le regroupement',
    date: 'Indiquez une date réelle au format AAAA-MM-JJ, par exemple 2026-11-01.',
    order: 'La date de fin doit être la même que la date de début ou postérieure.',
    tooLongPeriod: `Exportez au plus ${MAX_PERIOD_DAYS}\u00a0jours à la fois.`,
    grouping: 'Choisissez un regroupement par jour ou par mois.',
  },
  en: {
    'label.from': 'the start date',
    'label.to': 'the end date',
    'label.per': 'the grouping',
    date: 'Enter a real date as YYYY-MM-DD, e.g. 2026-11-01.',
    order: 'The end date must be the start date or later.',
    tooLongPeriod: `Export at most ${MAX_PERIOD_DAYS} days at a time.`,
    grouping: 'Choose a grouping per day or per month.',
  },
};

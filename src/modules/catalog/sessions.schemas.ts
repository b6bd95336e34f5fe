import { z } from 'zod';
import type { ValidationTexts } from '../../platform/http/validation.js';
import { isCalendarDate } from '../../platform/time-zone.js';

/** Most places a session may offer. */
export const MAX_SESSION_PLACES = 500;

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const places = z.preprocess(
  (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
  z.number({ error: 'wholeNumber' }).int('wholeNumber').min(1, 'range').max(MAX_SESSION_PLACES, 'range'),
);
const date = z.string({ error: 'required' }).trim().min(1, 'required').refine(isCalendarDate, 'date');
// "14:00", "14h", "14h30", "9:30": how people write a time.
const time = z
  .string({ error: 'required' })
  .trim()
  .min(1, 'required')
  .transform((v) => {
    const match = /^(\d{1,2})\s*(?:[:h]\s*(\d{2})?)?$/i.exec(v);
    if (!match) return v;
    return `${match[1]!.padStart(2, '0')}:${match[2] ?? '00'}`;
  })
  .refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'time');

/** The owner's form to schedule a session; the minimum and its decision time go together. */
export const sessionFormSchema = z
  .object({
    date,
    time,
    places,
    minParticipants: z.preprocess(blankToUndefined, places.optional()),
    decisionDate: z.preprocess(blankToUndefined, date.optional()),
    decisionTime: z.preprocess(blankToUndefined, time.optional()),
  })
  .superRefine((form, ctx) => {
    const withMinimum = form.minParticipants !== undefined;
    if (withMinimum && form.decisionDate === undefined) ctx.addIssue({ code: 'custom', path: ['decisionDate'], message: 'decisionNeeded' });
    if (withMinimum && form.decisionTime === undefined) ctx.addIssue({ code: 'custom', path: ['decisionTime'], message: 'decisionNeeded' });
    if (!withMinimum && (form.decisionDate !== undefined || form.decisionTime !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['minParticipants'], message: 'minimumNeeded' });
    }
    if (withMinimum && form.minParticipants! > form.places) ctx.addIssue({ code: 'custom', path: ['minParticipants'], message: 'minimumAbovePlaces' });
  });
export type SessionForm = z.output<typeof sessionFormSchema>;

export const sessionPlacesSchema = z.object({ places });

export const sessionValidationTexts: ValidationTexts = {
  fr: {
    'label.date': 'la date de la séance',
    'label.time': 'l’heure de la séance',
    'label.places': 'le nombre de places',
    'label.minParticipants': 'le minimum de participants',
    'label.decisionDate': 'la date de décision',
    'label.decisionTime': 'l’heure de décision',
    wholeNumber: 'Saisissez un nombre entier pour {label}.',
    range: `{label} doit être compris entre 1 et ${MAX_SESSION_PLACES}.`,
    date: 'Saisissez une date valide.',
    time: 'Saisissez une heure, par exemple 14:00 ou 14h30.',
    decisionNeeded: 'Avec un minimum de participants, indiquez quand décider si la séance a lieu.',
    minimumNeeded: 'Une date de décision ne sert qu’avec un minimum de participants\u00a0: indiquez-le ou videz la date.',
    minimumAbovePlaces: 'Le minimum de participants ne peut pas dépasser le nombre de places.',
    past: 'Cette date est déjà passée.',
    decisionAfterStart: 'La décision doit être prise avant le début de la séance.',
    belowBooked: 'Des participants ont déjà réservé plus de places que ce nombre.',
  },
  en: {
    'label.date': 'the session date',
    'label.time': 'the session time',
    'label.places': 'the number of places',
    'label.minParticipants': 'the minimum of participants',
    'label.decisionDate': 'the decision date',
    'label.decisionTime': 'the decision time',
    wholeNumber: 'Enter a whole number for {label}.',
    range: `{label} must be between 1 and ${MAX_SESSION_PLACES}.`,
    date: 'Enter a valid date.',
    time: 'Enter a time, e.g. 14:00.',
    decisionNeeded: 'With a minimum of participants, say when to decide whether the session takes place.',
    minimumNeeded: 'A decision date only serves with a minimum of participants: give one or clear the date.',
    minimumAbovePlaces: 'The minimum of participants cannot exceed the number of places.',
    past: 'This date has already passed.',
    decisionAfterStart: 'The decision must come before the session starts.',
    belowBooked: 'Participants have already booked more places than this number.',
  },
};

import { describe, expect, it } from 'vitest';
import { catalogueSamples, defineTexts } from '../i18n/sentences.js';
import { AppError, defineErrors, defineFieldMessages } from './errors.js';

const errors = defineErrors({
  FULL: { status: 409, fr: 'C’est complet.', en: 'It is full.' },
  TOO_EARLY: {
    status: 422,
    field: 'start',
    fr: (p: { minutes: number }) => `Au moins ${p.minutes}\u00a0minutes à l’avance.`,
    en: (p: { minutes: number }) => `At least ${p.minutes} minutes ahead.`,
    example: { minutes: 30 },
  },
});

const fieldMessages = defineFieldMessages({
  END_BEFORE_START: { field: 'to', fr: 'La fin précède le début.', en: 'The end comes before the start.' },
  AT_MOST: {
    field: 'to',
    fr: (p: { days: number }) => `Au plus ${p.days}\u00a0jours.`,
    en: (p: { days: number }) => `At most ${p.days} days.`,
    example: { days: 7 },
  },
});

const texts = defineTexts({
  REASON: { fr: 'La séance est annulée.', en: 'The session is cancelled.' },
  PLACES: { fr: (p: { n: number }) => `${p.n}\u00a0places`, en: (p: { n: number }) => `${p.n} places`, example: { n: 2 } },
});

describe('message catalogues', () => {
  it('make AppErrors with both languages, the parameters filled in', () => {
    const error = errors.TOO_EARLY({ minutes: 90 });
    expect(error).toBeInstanceOf(AppError);
    expect([error.code, error.status, error.field, error.messageIn('fr'), error.messageIn('en')]).toEqual(['TOO_EARLY', 422, 'start', 'Au moins 90\u00a0minutes à l’avance.', 'At least 90 minutes ahead.']);
    expect([errors.FULL().code, errors.FULL().field, errors.FULL().messageIn('en')]).toEqual(['FULL', undefined, 'It is full.']);
    expect(errors.codes).toEqual(['FULL', 'TOO_EARLY']);
  });

  it('make field errors in the reader’s language and plain texts', () => {
    expect(fieldMessages.END_BEFORE_START('en')).toEqual({ field: 'to', message: 'The end comes before the start.' });
    expect(fieldMessages.AT_MOST('fr', { days: 3 })).toEqual({ field: 'to', message: 'Au plus 3\u00a0jours.' });
    expect([texts.REASON('fr'), texts.PLACES('en', { n: 4 })]).toEqual(['La séance est annulée.', '4 places']);
  });

  it('render every sentence for the catalogue test, parameterised ones with their example', () => {
    expect(catalogueSamples(fieldMessages)).toEqual([
      { key: 'END_BEFORE_START', fr: 'La fin précède le début.', en: 'The end comes before the start.' },
      { key: 'AT_MOST', fr: 'Au plus 7\u00a0jours.', en: 'At most 7 days.' },
    ]);
    expect(catalogueSamples(errors)?.map((s) => s.key)).toEqual(['FULL', 'TOO_EARLY']);
    expect(catalogueSamples(texts)?.[1]).toEqual({ key: 'PLACES', fr: '2\u00a0places', en: '2 places' });
    expect(catalogueSamples({ FULL: () => undefined })).toBeUndefined();
  });
});

/**
 * Never called: `npm run typecheck` checks that each line below is refused. Should a definition
 * or a call stop being checked, its @ts-expect-error has nothing to expect and the check fails.
 */
export function typeLevelChecks() {
  // @ts-expect-error a missing parameter
  errors.TOO_EARLY({});
  // @ts-expect-error no parameters at all
  errors.TOO_EARLY();
  // @ts-expect-error an extra parameter
  errors.TOO_EARLY({ minutes: 1, hours: 2 });
  // @ts-expect-error a parameter for a fixed sentence
  errors.FULL({ minutes: 1 });
  // @ts-expect-error a field message's parameter missing
  fieldMessages.AT_MOST('fr');
  // @ts-expect-error a text's parameter of the wrong type
  texts.PLACES('fr', { n: 'two' });
  defineErrors({
    // @ts-expect-error French and English disagree on the parameters
    MISMATCH: { status: 422, fr: (p: { a: number }) => `${p.a}`, en: (p: { b: number }) => `${p.b}`, example: { a: 1 } },
  });
  defineErrors({
    // @ts-expect-error a parameterised sentence without its example
    NO_EXAMPLE: { status: 422, fr: (p: { a: number }) => `${p.a}`, en: (p: { a: number }) => `${p.a}` },
  });
  // @ts-expect-error a sentence without its English
  defineFieldMessages({ ONLY_FRENCH: { field: 'x', fr: 'Seulement en français.' } });
}

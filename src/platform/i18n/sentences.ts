import type { Locale } from './locale.js';

/**
 * A sentence in French and English, fixed or built from typed parameters. Parameters are
 * language-neutral values (numbers, ISO dates): each language formats them its own way, so a
 * message carries both languages whatever the reader's. A sentence with parameters carries an
 * example of them, with which the catalogue test renders it (both languages, French typography).
 */
export type Sentences = FixedSentences | ParameterisedSentences;

interface FixedSentences {
  fr: string;
  en: string;
}

interface ParameterisedSentences {
  // `never`: any parameter type fits here; AgreeingSentences then ties fr, en and example together.
  fr: (params: never) => string;
  en: (params: never) => string;
  example: unknown;
}

/** The parameters a definition's sentences take. */
export type ParamsOf<S> = S extends { fr: (params: infer P) => string } ? P : never;

/** What a factory takes after its other arguments: the parameters, or nothing for a fixed sentence. */
export type ParamArgs<S> = S extends { fr: (params: infer P) => string } ? [params: P] : [];

/** French, English and the example agree on one parameter type (French's). */
export type AgreeingSentences<S> = S extends { fr: (params: infer P) => string } ? { en: (params: P) => string; example: P } : { fr: string; en: string };

/** Every definition of a catalogue checked by AgreeingSentences. */
export type Agreeing<D> = { [K in keyof D]: AgreeingSentences<D[K]> };

/** One sentence of a catalogue rendered in both languages (for the catalogue test). */
export interface SampleSentence {
  key: string;
  fr: string;
  en: string;
}

const definitionsOf = Symbol('message catalogue definitions');

/** Marks `target` as a catalogue of `definitions`, so that catalogueSamples() can render it. */
export function asCatalogue<T extends object>(target: T, definitions: Record<string, Sentences>): T {
  Object.defineProperty(target, definitionsOf, { value: definitions, enumerable: false });
  return target;
}

/** Every sentence of a catalogue (made by defineErrors, defineFieldMessages or defineTexts), or undefined for anything else. */
export function catalogueSamples(value: unknown): SampleSentence[] | undefined {
  if (typeof value !== 'object' || value === null || !(definitionsOf in value)) return undefined;
  const definitions = (value as { [definitionsOf]: Record<string, Sentences> })[definitionsOf];
  return Object.entries(definitions).map(([key, definition]) => {
    const params = 'example' in definition ? definition.example : undefined;
    return { key, fr: sentenceIn(definition, 'fr', params), en: sentenceIn(definition, 'en', params) };
  });
}

/** The sentence of `definition` in `locale`, built from `params` when it takes some. */
export function sentenceIn(definition: Sentences, locale: Locale, params: unknown): string {
  const sentence = definition[locale] as string | ((params: unknown) => string);
  return typeof sentence === 'function' ? sentence(params) : sentence;
}

/**
 * Declares a module's texts that are neither errors nor field messages (a reason written in a
 * mail, a notice on a page):
 *   const texts = defineTexts({ SESSION_CANCELLED: { fr: '…', en: '…' } });
 *   texts.SESSION_CANCELLED(locale)
 */
export function defineTexts<const D extends Record<string, Sentences>>(
  definitions: D & Agreeing<D>,
): { [K in keyof D]: (locale: Locale, ...params: ParamArgs<D[K]>) => string } {
  const texts: Record<string, (locale: Locale, params?: unknown) => string> = {};
  for (const [key, definition] of Object.entries(definitions as Record<string, Sentences>)) {
    texts[key] = (locale, params) => sentenceIn(definition, locale, params);
  }
  return asCatalogue(texts, definitions) as { [K in keyof D]: (locale: Locale, ...params: ParamArgs<D[K]>) => string };
}

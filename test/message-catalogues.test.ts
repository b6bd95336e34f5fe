import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defineErrors } from '../src/platform/http/errors.js';
import { inputGuardErrors } from '../src/platform/http/input-guard.js';
import { catalogueSamples, type SampleSentence } from '../src/platform/i18n/sentences.js';
import { root } from './support/processes.js';

/**
 * Every sentence of every module's catalogues (its *.errors.ts: errors, field messages, texts)
 * is written in both languages and, in French, with French typography: a non-breaking space
 * (U+00A0 or U+202F), never a plain one, before « : ; ! ? » and inside the guillemets.
 */
function typographyProblems(sample: SampleSentence): string[] {
  const problems: string[] = [];
  if (sample.fr.trim() === '') problems.push(`${sample.key}: no French`);
  if (sample.en.trim() === '') problems.push(`${sample.key}: no English`);
  if (/ [:;!?]/.test(sample.fr)) problems.push(`${sample.key}: a plain space before : ; ! or ? in « ${sample.fr} »`);
  if (/« | »/.test(sample.fr)) problems.push(`${sample.key}: a plain space inside guillemets in « ${sample.fr} »`);
  return problems;
}

const modulesDir = path.join(root, 'src', 'modules');
const catalogueFiles = readdirSync(modulesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => readdirSync(path.join(modulesDir, entry.name)).filter((file) => file.endsWith('.errors.ts')).map((file) => `${entry.name}/${file}`));

describe('message catalogues', () => {
  it('are found in the modules', () => {
    expect(catalogueFiles).toEqual(expect.arrayContaining(['booking/booking.errors.ts', 'catalog/catalog.errors.ts', 'customers/customers.errors.ts']));
  });

  it.each(catalogueFiles)('%s: every sentence in both languages, French typography', async (file) => {
    const exported: Record<string, unknown> = await import(pathToFileURL(path.join(modulesDir, file)).href);
    const catalogues = Object.entries(exported).map(([name, value]) => [name, catalogueSamples(value)] as const);
    // Every export of an errors file is a catalogue, so that none escapes this test.
    expect(catalogues.filter(([, samples]) => samples === undefined).map(([name]) => name)).toEqual([]);
    const samples = catalogues.flatMap(([name, list]) => (list ?? []).map((s) => ({ ...s, key: `${name}.${s.key}` })));
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.flatMap(typographyProblems)).toEqual([]);
  });

  it('platform: the input guard’s errors too', () => {
    expect(catalogueSamples(inputGuardErrors)!.flatMap(typographyProblems)).toEqual([]);
  });

  it('tell a plain space before a colon, inside guillemets, and a missing language', () => {
    const careless = defineErrors({
      COLON: { status: 400, fr: 'Attention : ceci.', en: 'Careful: this.' },
      GUILLEMETS: { status: 400, fr: 'Choisissez « jour ».', en: 'Choose “day”.' },
      EMPTY: { status: 400, fr: 'Bien.', en: ' ' },
    });
    expect(catalogueSamples(careless)!.flatMap(typographyProblems)).toEqual([
      'COLON: a plain space before : ; ! or ? in « Attention : ceci. »',
      'GUILLEMETS: a plain space inside guillemets in « Choisissez « jour ». »',
      'EMPTY: no English',
    ]);
  });
});

import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import type { Locale } from './locale.js';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/fr.json'));
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

/** True for an ISO 3166-1 alpha-2 code, upper case ("FR"). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countries.isValid(code);
}

export function countryName(code: string, locale: Locale): string {
  return countries.getName(code, locale) ?? code;
}

/** Every country as { code, name }, France first, then in the reader's alphabetical order. */
export function countryOptions(locale: Locale): { code: string; name: string }[] {
  const names = countries.getNames(locale, { select: 'official' });
  const collator = new Intl.Collator(locale);
  const all = Object.entries(names)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => collator.compare(a.name, b.name));
  const france = all.find((c) => c.code === 'FR');
  return france ? [france, ...all.filter((c) => c.code !== 'FR')] : all;
}

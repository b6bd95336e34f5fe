import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Case- and accent-insensitive search that runs the same on SQLite and PostgreSQL: the
 * service keeps a folded copy of what can be searched (search_text), and the query folds
 * the owner's words the same way before a plain LIKE. « Élodie » and « elodie » meet there.
 */

/** Lower case, accents and ligatures unfolded, spaces collapsed. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Searchable {
  lastName: string | null;
  firstName: string | null;
  company: string | null;
  email: string;
  phone: string | null;
}

/** What a search looks through: names, company, e-mail, and the phone in international and national digits. */
export function searchText(c: Searchable): string {
  const parts = [c.firstName, c.lastName, c.company, c.email];
  if (c.phone) {
    parts.push(c.phone.replace(/\D/g, ''));
    const national = parsePhoneNumberFromString(c.phone)?.formatNational().replace(/\D/g, '');
    if (national) parts.push(national);
  }
  return ` ${fold(parts.filter(Boolean).join(' '))} `;
}

export function sortKey(c: Pick<Searchable, 'lastName' | 'firstName' | 'email'>): string {
  return fold([c.lastName ?? '', c.firstName ?? '', c.email].join(' '));
}

/** The owner's query as terms that must all be found: a phone number is one term of its digits. */
export function searchTerms(query: string): string[] {
  const q = query.trim();
  if (/^\+?[\d\s.\-()/]+$/.test(q) && q.replace(/\D/g, '').length >= 2) return [q.replace(/\D/g, '')];
  return fold(q).split(' ').filter(Boolean).slice(0, 6);
}

/** A LIKE pattern that finds `term` anywhere, its own % _ and \ taken literally (escape '\'). */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

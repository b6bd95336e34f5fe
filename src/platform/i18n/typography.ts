/**
 * French typography for texts the owner types (a service's name and description): a narrow
 * non-breaking space (U+202F) before ; ! ?, a non-breaking space (U+00A0) before : and inside
 * « ». Applied when French texts are saved, so every page and mail shows them right.
 * Left alone: times (14:30), addresses (https://…, mailto:…), "?!" runs, smileys, and a space
 * that is already non-breaking. Running it twice changes nothing.
 */
export function frenchTypography(text: string): string {
  return (
    text
      // « and » hold a non-breaking space on their inner side.
      .replace(/«[ \t\u00a0\u202f]*/g, '«\u00a0')
      .replace(/[ \t\u00a0\u202f]*»/g, '\u00a0»')
      // Before ; ! ? : when the sign ends a word (followed by a space, a line end, », ")" or another ! ?), not inside "https://" or "14:30".
      .replace(/([^\s?!;:«(])[ \t]*([;!?:])(?=[\s»)?!]|$)/g, (_, before: string, sign: string) => `${before}${sign === ':' ? '\u00a0' : '\u202f'}${sign}`)
  );
}

/** A service's address identifier from its name: « Réparation d’écran » → "reparation-d-ecran". */
export function slugFrom(name: string, maxLength = 80): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength);
  return cut.includes('-') ? cut.slice(0, cut.lastIndexOf('-')) : cut;
}

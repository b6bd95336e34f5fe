/** The site speaks French first, English second. */
export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];

export function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en';
}

/** The language of a public page is its URL: /en/… is English, everything else French. */
export function localeOfPath(url: string): Locale {
  return url === '/en' || url.startsWith('/en/') || url.startsWith('/en?') ? 'en' : 'fr';
}

/**
 * Picks French or English from an Accept-Language header (for the JSON API and the
 * back office); French when the header names neither.
 */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'fr';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { language: tag.split('-')[0], quality: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality);
  for (const entry of ranked) if (isLocale(entry.language)) return entry.language;
  return 'fr';
}

/** A text in both languages. */
export type Localized = Record<Locale, string>;

/** Replaces {name} placeholders. */
export function interpolate(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

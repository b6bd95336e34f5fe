import { paths } from '../../platform/http/paths.js';
import type { Locale } from '../../platform/i18n/locale.js';

const enc = (segment: string) => (segment.startsWith(':') ? segment : encodeURIComponent(segment));

/** The rights module's own addresses beyond the form (platform/http/paths.ts has the form and the back office's list). */
export const rightsPaths = {
  form: (locale: Locale) => paths.rights(locale),
  confirm: (locale: Locale, token: string) => `${paths.rights(locale)}/${locale === 'fr' ? 'confirmer' : 'confirm'}/${enc(token)}`,
  identity: (locale: Locale, token: string) => `${paths.rights(locale)}/${locale === 'fr' ? 'justificatif' : 'proof-of-identity'}/${enc(token)}`,
};

import type { FastifyRequest } from 'fastify';
import type { BusinessProfile } from '../business.js';
import { localeOfPath, type Locale } from '../i18n/locale.js';

/** What every page's layout needs to know about the request and the site. */
export interface PageContext {
  readonly locale: Locale;
  readonly business: BusinessProfile;
  readonly styleUrl: string;
  readonly scriptUrl: string;
  /** The same page in the other language, when it exists. */
  readonly alternate?: string;
  /** Absolute URLs of this page in each language (hreflang links), when it exists in both. */
  readonly languageUrls?: Readonly<Record<Locale, string>>;
}

export function pageContext(request: FastifyRequest, alternate?: string, locale: Locale = localeOfPath(request.url)): PageContext {
  const { config, assets } = request.server;
  const context = { locale, business: request.server.business.current(), styleUrl: assets.styleUrl, scriptUrl: assets.scriptUrl };
  if (!alternate) return context;
  // The page's own address keeps its query only when its twin has one (a version of a legal text), not ?confirmee=1.
  const self = alternate.includes('?') ? request.url : request.url.split('?')[0]!;
  const other: Locale = locale === 'fr' ? 'en' : 'fr';
  const languageUrls = { [locale]: `${config.baseUrl}${self}`, [other]: `${config.baseUrl}${alternate}` } as Record<Locale, string>;
  return { ...context, alternate, languageUrls };
}

import type { FastifyRequest } from 'fastify';
import type { BusinessProfile } from '../business.js';
import { localeOfPath, type Locale } from '../i18n/locale.js';

/** A change of the privacy policy announced less than 30 days ago: every public page says so. */
export interface PolicyNotice {
  version: string;
  announcedAt: string;
}

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
  /** « Notre politique de confidentialité a changé le … », while it lasts. */
  readonly policyNotice?: PolicyNotice;
}

export function pageContext(request: FastifyRequest, alternate?: string, locale: Locale = localeOfPath(request.url)): PageContext {
  const { config, assets } = request.server;
  const notice = request.server.policyNotice?.();
  const context = { locale, business: request.server.business.current(), styleUrl: assets.styleUrl, scriptUrl: assets.scriptUrl, ...(notice ? { policyNotice: notice } : {}) };
  if (!alternate) return context;
  // The page's own address keeps its query only when its twin has one (a version of a legal text), not ?confirmee=1.
  const self = alternate.includes('?') ? request.url : request.url.split('?')[0]!;
  const other: Locale = locale === 'fr' ? 'en' : 'fr';
  const languageUrls = { [locale]: `${config.baseUrl}${self}`, [other]: `${config.baseUrl}${alternate}` } as Record<Locale, string>;
  return { ...context, alternate, languageUrls };
}

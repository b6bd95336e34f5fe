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
}

export function pageContext(request: FastifyRequest, alternate?: string, locale: Locale = localeOfPath(request.url)): PageContext {
  const { config, assets } = request.server;
  return { locale, business: config.business, styleUrl: assets.styleUrl, scriptUrl: assets.scriptUrl, ...(alternate ? { alternate } : {}) };
}

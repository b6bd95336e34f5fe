import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatLongDate } from '../../platform/i18n/format.js';
import { locales, type Locale } from '../../platform/i18n/locale.js';
import { Layout } from '../../platform/views/layout.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { DocumentView } from '../../ui/document.js';
import type { LegalService, PublishedDocument } from './legal.service.js';

const versionQuery = z.object({ version: z.string().regex(/^[0-9a-f]{12}$/).optional() });

const texts = {
  fr: {
    version: (v: string, date: string) => `Version ${v}, publiée le ${date}.`,
    unknownVersion: 'Cette version n’existe pas\u00a0; voici la version en vigueur.',
  },
  en: {
    version: (v: string, date: string) => `Version ${v}, published on ${date}.`,
    unknownVersion: 'This version does not exist; here is the current version.',
  },
};

/**
 * The page of a versioned legal text (terms of sale, privacy policy): the version in force,
 * or any published one with ?version=…, which is how a customer sees again what they accepted.
 * The current version is asked for at each request: the business profile it is written from can change.
 */
export function versionedDocumentRoute(
  app: FastifyInstance,
  { legal, document: currentDocument, path }: { legal: LegalService; document: () => PublishedDocument; path: (locale: Locale) => string },
): void {
  for (const locale of locales) {
    const other: Locale = locale === 'fr' ? 'en' : 'fr';
    app.get(path(locale), async (request, reply) => {
      // The version in force now: the profile it is written from may have changed since the last request.
      const current = currentDocument();
      const zone = app.business.current().timezone;
      const query = versionQuery.safeParse(request.query);
      const asked = query.success ? query.data.version : undefined;
      const version = asked ?? current.version;
      const stored = await legal.version(current.kind, version, locale);
      const document = stored?.document ?? current.documents[locale];
      const meta = stored ? texts[locale].version(version, formatLongDate(stored.publishedAt, locale, zone)) : asked ? texts[locale].unknownVersion : undefined;
      const alternate = `${path(other)}${stored && version !== current.version ? `?version=${version}` : ''}`;
      // A past version never changes; the current one does when the owner edits the business profile.
      return sendPage(
        reply.header('cache-control', stored && asked ? 'public, max-age=300' : 'no-cache'),
        <Layout ctx={pageContext(request, alternate)} title={document.title}>
          <DocumentView document={document} {...(meta ? { meta } : {})} />
        </Layout>,
      );
    });
  }
}

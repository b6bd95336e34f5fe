import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { paths } from '../../platform/http/paths.js';
import { formatLongDate } from '../../platform/i18n/format.js';
import { locales, type Locale } from '../../platform/i18n/locale.js';
import { Layout } from '../../platform/views/layout.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { DocumentView } from '../../ui/document.js';
import type { LegalService } from './legal.service.js';

const versionQuery = z.object({ version: z.string().regex(/^[0-9a-f]{12}$/).optional() });

const texts = {
  fr: {
    version: (v: string, date: string) => `Version ${v}, publiée le ${date}.`,
    unknownVersion: 'Cette version des conditions générales n’existe pas\u00a0; voici la version en vigueur.',
  },
  en: {
    version: (v: string, date: string) => `Version ${v}, published on ${date}.`,
    unknownVersion: 'This version of the terms does not exist; here is the current version.',
  },
};

/** The terms of sale (any published version, ?version=…) and the legal notice. */
export async function legalRoutes(app: FastifyInstance, { legal }: { legal: LegalService }) {
  const zone = app.config.business.timezone;
  for (const locale of locales) {
    const other: Locale = locale === 'fr' ? 'en' : 'fr';

    app.get(paths.terms(locale), async (request, reply) => {
      const query = versionQuery.safeParse(request.query);
      const version = query.success && query.data.version ? query.data.version : legal.terms.version;
      const stored = await legal.version('terms', version, locale);
      const document = stored?.document ?? legal.terms.documents[locale];
      const meta = stored
        ? texts[locale].version(version, formatLongDate(stored.publishedAt, locale, zone))
        : query.success && query.data.version
          ? texts[locale].unknownVersion
          : undefined;
      const ctx = pageContext(request, `${paths.terms(other)}${stored && version !== legal.terms.version ? `?version=${version}` : ''}`);
      return sendPage(
        reply.header('cache-control', 'public, max-age=300'),
        <Layout ctx={ctx} title={document.title}>
          <DocumentView document={document} {...(meta ? { meta } : {})} />
        </Layout>,
      );
    });

    app.get(paths.legalNotice(locale), async (request, reply) => {
      const document = legal.legalNotice(locale);
      return sendPage(
        reply.header('cache-control', 'public, max-age=300'),
        <Layout ctx={pageContext(request, paths.legalNotice(other))} title={document.title}>
          <DocumentView document={document} />
        </Layout>,
      );
    });
  }
}

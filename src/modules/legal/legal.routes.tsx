import type { FastifyInstance } from 'fastify';
import { paths } from '../../platform/http/paths.js';
import { locales, type Locale } from '../../platform/i18n/locale.js';
import { Layout } from '../../platform/views/layout.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { DocumentView } from '../../ui/document.js';
import type { LegalService } from './legal.service.js';
import { versionedDocumentRoute } from './versioned-document.routes.js';

/** The terms of sale (any published version, ?version=…) and the legal notice. */
export async function legalRoutes(app: FastifyInstance, { legal }: { legal: LegalService }) {
  versionedDocumentRoute(app, { legal, document: () => legal.terms, path: paths.terms });
  for (const locale of locales) {
    const other: Locale = locale === 'fr' ? 'en' : 'fr';

    app.get(paths.legalNotice(locale), async (request, reply) => {
      const document = legal.legalNotice(locale);
      return sendPage(
        reply.header('cache-control', 'no-cache'),
        <Layout ctx={pageContext(request, paths.legalNotice(other))} title={document.title}>
          <DocumentView document={document} />
        </Layout>,
      );
    });
  }
}

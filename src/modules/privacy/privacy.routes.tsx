import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { paths } from '../../platform/http/paths.js';
import { formatLongDate } from '../../platform/i18n/format.js';
import { locales, type Locale } from '../../platform/i18n/locale.js';
import { Layout } from '../../platform/views/layout.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { DocumentView } from '../../ui/document.js';
import type { LegalService } from '../legal/index.js';
import type { PrivacyService } from './privacy.service.js';

const versionQuery = z.object({ version: z.string().regex(/^[0-9a-f]{12}$/).optional() });

/** The privacy policy page: the current version, or any published one with ?version=…. */
export async function privacyRoutes(app: FastifyInstance, { privacy, legal }: { privacy: PrivacyService; legal: LegalService }) {
  const zone = app.config.business.timezone;
  for (const locale of locales) {
    const other: Locale = locale === 'fr' ? 'en' : 'fr';
    app.get(paths.privacyPolicy(locale), async (request, reply) => {
      const query = versionQuery.safeParse(request.query);
      const version = query.success && query.data.version ? query.data.version : privacy.policy.version;
      const stored = await legal.version('privacy-policy', version, locale);
      const document = stored?.document ?? privacy.policy.documents[locale];
      const shownVersion = stored ? version : privacy.policy.version;
      const date = stored ? formatLongDate(stored.publishedAt, locale, zone) : undefined;
      const meta =
        locale === 'fr'
          ? `Version ${shownVersion}${date ? `, publiée le ${date}` : ''}.`
          : `Version ${shownVersion}${date ? `, published on ${date}` : ''}.`;
      return sendPage(
        reply.header('cache-control', 'public, max-age=300'),
        <Layout ctx={pageContext(request, paths.privacyPolicy(other))} title={document.title}>
          <DocumentView document={document} meta={meta} />
        </Layout>,
      );
    });
  }
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { paths } from '../../platform/http/paths.js';
import { locales } from '../../platform/i18n/locale.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { versionedDocumentRoute, type LegalService } from '../legal/index.js';
import type { PolicyAnnouncements } from './policy-announcements.service.js';
import type { PrivacyService } from './privacy.service.js';
import { PolicyChangesPage } from './views/policy-changes-page.js';

const versionQuery = z.object({ version: z.string().regex(/^[0-9a-f]{12}$/) });

/**
 * The privacy policy page: the current version, or any published one with ?version=…; and what an
 * announced version changed (?version=…, the notice's and the mail's link).
 */
export async function privacyRoutes(app: FastifyInstance, { privacy, legal, announcements }: { privacy: PrivacyService; legal: LegalService; announcements: PolicyAnnouncements }) {
  versionedDocumentRoute(app, { legal, document: () => privacy.policy, path: paths.privacyPolicy });
  for (const locale of locales) {
    const other = locale === 'fr' ? 'en' : 'fr';
    app.get(paths.privacyPolicyChanges(locale), async (request, reply) => {
      const query = versionQuery.safeParse(request.query);
      const found = query.success ? await announcements.changesOf(query.data.version) : undefined;
      // An unknown or malformed version is a page that does not exist.
      if (!found) return reply.callNotFound();
      const alternate = `${paths.privacyPolicyChanges(other)}?version=${found.announcement.version}`;
      return sendPage(reply.header('cache-control', 'no-cache'), <PolicyChangesPage ctx={pageContext(request, alternate)} announcement={found.announcement} changes={found.changes[locale]} />);
    });
  }
}

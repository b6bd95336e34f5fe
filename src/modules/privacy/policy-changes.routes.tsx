import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { paths } from '../../platform/http/paths.js';
import { locales } from '../../platform/i18n/locale.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import type { PolicyAnnouncements } from './policy-announcements.service.js';
import { PolicyChangesPage } from './views/policy-changes-page.js';

const versionQuery = z.object({ version: z.string().regex(/^[0-9a-f]{12}$/) });

/** What an announced version of the privacy policy changed (?version=…): the site's notice and the customers' mail link here. */
export async function policyChangesRoutes(app: FastifyInstance, { announcements }: { announcements: PolicyAnnouncements }) {
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

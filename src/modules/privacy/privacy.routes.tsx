import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { locales } from '../../platform/i18n/locale.js';
import { paths } from '../../platform/http/paths.js';
import { ErrorPage } from '../../platform/views/error-page.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { versionedDocumentRoute, type LegalService } from '../legal/index.js';
import { accessArchivePaths } from './personal-data.js';
import { privacyErrors } from './privacy.errors.js';
import type { PrivacyService } from './privacy.service.js';

const headings = {
  unknown: { fr: 'Lien introuvable', en: 'Link not found' },
  expired: { fr: 'Lien expiré', en: 'Link expired' },
};

const fileNames = { fr: 'mes-donnees-personnelles.zip', en: 'my-personal-data.zip' };

/** The privacy policy page (current version, or any published one with ?version=…), and the access archives' downloads. */
export async function privacyRoutes(app: FastifyInstance, { privacy, legal }: { privacy: PrivacyService; legal: LegalService }) {
  versionedDocumentRoute(app, { legal, document: () => privacy.policy, path: paths.privacyPolicy });

  // The zip of a person's data, behind an unguessable token, for 3 days; then a page that says so (410).
  for (const locale of locales) {
    app.get(accessArchivePaths[locale](':token'), async (request, reply) => {
      const { token } = request.params as { token: string };
      const found = await privacy.personalData.archiveForToken(token);
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
      if (typeof found === 'string') {
        const error = found === 'expired' ? privacyErrors.ACCESS_ARCHIVE_EXPIRED() : privacyErrors.ACCESS_ARCHIVE_NOT_FOUND();
        return sendPage(reply, <ErrorPage ctx={pageContext(request, undefined, locale)} heading={headings[found][locale]} message={error.messageIn(locale)} />, error.status);
      }
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${fileNames[locale]}"`)
        .send(createReadStream(found.file));
    });
  }
}

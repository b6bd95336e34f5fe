import type { FastifyInstance } from 'fastify';
import { paths } from '../../platform/http/paths.js';
import { versionedDocumentRoute, type LegalService } from '../legal/index.js';
import type { PrivacyService } from './privacy.service.js';

/** The privacy policy page: the current version, or any published one with ?version=…. */
export async function privacyRoutes(app: FastifyInstance, { privacy, legal }: { privacy: PrivacyService; legal: LegalService }) {
  versionedDocumentRoute(app, { legal, document: () => privacy.policy, path: paths.privacyPolicy });
}

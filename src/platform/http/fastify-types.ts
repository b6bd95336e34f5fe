import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { BusinessProfileSource } from '../business.js';
import type { Clock } from '../clock.js';
import type { Assets } from '../views/assets.js';
import type { PolicyNotice } from '../views/page-context.js';

// Fastify decorators carry platform values only; domain services are passed to route plugins explicitly.
declare module 'fastify' {
  interface FastifyInstance {
    config: Config & { secretKey: string };
    database: Database;
    clock: Clock;
    assets: Assets;
    /** The business profile in force, kept current by the settings module (checked at each request). */
    business: BusinessProfileSource;
    /** The notice « Notre politique de confidentialité a changé » every public page shows, while it lasts (privacy module, wired in app.ts). */
    policyNotice: () => PolicyNotice | undefined;
  }
}

export {};

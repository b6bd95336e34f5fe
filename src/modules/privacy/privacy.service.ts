import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { BusinessProfile } from '../../platform/business.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { PaymentOffer } from '../../platform/payment-offer.js';
import { cutoffBefore, type LegalArchiveWriter, type ModuleRegister, type PortContext, type ProcessingActivity, type RetentionReport } from '../../platform/privacy-register.js';
import type { JobsService } from '../jobs/index.js';
import { versionOf, type LegalService, type PublishedDocument } from '../legal/index.js';
import { collectionNotice, privacyPolicyDocument } from './privacy-policy.js';

export interface PrivacyDeps {
  database: Database;
  clock: Clock;
  jobs: JobsService;
  /** The profile in force: the policy names the controller and the business from it. */
  business: () => BusinessProfile;
  legal: LegalService;
  registers: ModuleRegister[];
  /** DATA_DIR: the rules of files kept outside the database (the .eml copies) work under it. */
  dataDir: string;
  /** How customers pay (online providers named by the policy); none online by default. */
  paymentOffer?: () => PaymentOffer;
  log: Pick<Logger, 'info' | 'error'>;
}

const RETENTION_INTERVAL_MS = 6 * 60 * 60_000;
const RETENTION_JOB = 'privacy.retention';

export type PrivacyService = ReturnType<typeof createPrivacyService>;

const NOTHING_ONLINE: PaymentOffer = { onSite: [], online: [] };

/** The processing register put to work: the published policy, the notices, the retention sweep. */
const noArchiveYet: LegalArchiveWriter = {
  put: () => Promise.reject(new Error('the legal archive is not wired yet')),
};

export function createPrivacyService({ database, clock, jobs, business, legal, registers, dataDir, paymentOffer = () => NOTHING_ONLINE, log }: PrivacyDeps) {
  const activities: ProcessingActivity[] = registers.flatMap((r) => r.activities);
  const retentionRules = registers.flatMap((r) => r.retention ?? []);
  // Written again only when the profile changes; the caller publishes the new version (publishPolicy).
  let written: { from: BusinessProfile; policy: PublishedDocument } | undefined;
  function currentPolicy(): PublishedDocument {
    const profile = business();
    if (written?.from !== profile) {
      const offer = paymentOffer();
      const documents = { fr: privacyPolicyDocument(profile, activities, retentionRules, 'fr', offer), en: privacyPolicyDocument(profile, activities, retentionRules, 'en', offer) };
      written = { from: profile, policy: { kind: 'privacy-policy', version: versionOf(documents), documents } };
    }
    return written.policy;
  }

  function activity(id: string): ProcessingActivity {
    const found = activities.find((a) => a.id === id);
    if (!found) throw new Error(`processing activity "${id}" is not in the register`);
    return found;
  }

  /**
   * Runs every module's retention rules once (a bridge until the retention engine: no dry run,
   * no archive yet; a rule that archives fails, and the others still run).
   */
  async function runRetention(now: Date): Promise<RetentionReport[]> {
    const reports: RetentionReport[] = [];
    const ctx: PortContext = { db: database.db, now, dataDir, archive: noArchiveYet };
    for (const rule of retentionRules) {
      try {
        const count = await rule.apply(ctx, cutoffBefore(now, rule.keep), { dryRun: false });
        reports.push({ activity: rule.activity, deleted: rule.then === 'anonymise' ? 0 : count, anonymised: rule.then === 'anonymise' ? count : 0 });
      } catch (error) {
        log.error({ err: error, rule: rule.id }, 'retention rule failed');
      }
    }
    const acted = reports.filter((r) => r.deleted > 0 || r.anonymised > 0);
    if (acted.length > 0) log.info({ retention: acted }, 'retention sweep');
    return reports;
  }

  /** Every six hours, on one instance; a site stopped longer runs it when it starts again. */
  jobs.define({
    kind: RETENTION_JOB,
    label: { fr: 'Durées de conservation (suppression des données échues)', en: 'Retention periods (deletion of expired data)' },
    everyMs: RETENTION_INTERVAL_MS,
    run: async () => {
      await runRetention(clock.now());
    },
  });

  return {
    registers,
    activities,
    retentionRules,
    /** The privacy policy in force. */
    get policy(): PublishedDocument {
      return currentPolicy();
    },
    publishPolicy: () => legal.publish(currentPolicy()),
    /** The art. 13 notice for the form that collects data for `activityId`. */
    collectionNotice: (activityId: string, locale: Locale) => collectionNotice(business(), activity(activityId), retentionRules, locale),
    runRetention,
    /** Makes sure the retention sweep is scheduled (main.ts, at start). */
    scheduleRetention: () => jobs.ensureRecurring(RETENTION_JOB),
  };
}

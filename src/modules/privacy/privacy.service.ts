import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { BusinessProfile } from '../../platform/business.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { PaymentOffer } from '../../platform/payment-offer.js';
import type { LegalArchiveWriter, ModuleRegister, ProcessingActivity, RetentionReport } from '../../platform/privacy-register.js';
import type { JobsService } from '../jobs/index.js';
import { versionOf, type LegalService, type PublishedDocument } from '../legal/index.js';
import { createPersonalData, type PeopleLookup } from './personal-data.js';
import { collectionNotice, privacyPolicyDocument } from './privacy-policy.js';
import { runRetentionRules, type RetentionRun } from './retention.js';

export interface PrivacyDeps {
  database: Database;
  clock: Clock;
  jobs: JobsService;
  /** The profile in force: the policy names the controller and the business from it. */
  business: () => BusinessProfile;
  legal: LegalService;
  registers: ModuleRegister[];
  /** How customers pay (online providers named by the policy); none online by default. */
  paymentOffer?: () => PaymentOffer;
  log: Pick<Logger, 'info' | 'error'>;
  /** DATA_DIR: the access archives and the modules' files live under it. */
  dataDir: string;
  /** Derives the key of the erased register's address fingerprints. */
  secretKey: string;
  /** Absolute site address: the access summary links the rights page with it. */
  baseUrl: string;
  /** Where erasures and retention move the records the law keeps. */
  archive: LegalArchiveWriter;
  /** The customers module's lookup of a person by normalised address or id. */
  people: PeopleLookup;
}

const RETENTION_INTERVAL_MS = 6 * 60 * 60_000;
const RETENTION_JOB = 'privacy.retention';

export type PrivacyService = ReturnType<typeof createPrivacyService>;

const NOTHING_ONLINE: PaymentOffer = { onSite: [], online: [] };

/** The processing register put to work: the published policy, the notices, the retention sweep. */
export function createPrivacyService({ database, clock, jobs, business, legal, registers, paymentOffer = () => NOTHING_ONLINE, log, dataDir, secretKey, baseUrl, archive, people }: PrivacyDeps) {
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
   * Runs every retention rule of the register (each in its own transaction, a failure reported
   * without stopping the others), then the old sweeps of modules that have no rules yet.
   */
  async function runRetentionOnce(now: Date, options: { dryRun?: boolean } = {}): Promise<RetentionRun> {
    const run = await runRetentionRules({ database, registers, now, dataDir, archive, dryRun: options.dryRun });
    const acted = [...run.rules.filter((r) => r.count > 0), ...run.sweeps.filter((r) => r.deleted > 0 || r.anonymised > 0)];
    if (acted.length > 0 && !run.dryRun) log.info({ retention: acted }, 'retention run');
    if (run.failed.length > 0) log.error({ failed: run.failed }, 'retention run: some rules failed');
    return run;
  }

  /** The rules' outcomes summed per activity (and the old sweeps' reports), as the tests written before the rules read them. */
  async function runRetention(now: Date): Promise<RetentionReport[]> {
    const run = await runRetentionOnce(now);
    const byActivity = new Map<string, RetentionReport>();
    for (const outcome of run.rules) {
      const activityId = retentionRules.find((rule) => rule.id === outcome.rule)?.activity ?? outcome.rule;
      const report = byActivity.get(activityId) ?? { activity: activityId, deleted: 0, anonymised: 0 };
      if (outcome.action === 'anonymise') report.anonymised += outcome.count;
      else report.deleted += outcome.count;
      byActivity.set(activityId, report);
    }
    return [...byActivity.values(), ...run.sweeps];
  }

  /**
   * Every six hours, on one instance (the jobs run recurring work at a fixed interval, not at a
   * time of day; every rule is idempotent, so running four times a day only makes deletions
   * happen sooner after their limit). A site stopped longer runs it when it starts again.
   */
  jobs.define({
    kind: RETENTION_JOB,
    label: { fr: 'Durées de conservation (suppression des données échues)', en: 'Retention periods (deletion of expired data)' },
    everyMs: RETENTION_INTERVAL_MS,
    run: async () => {
      const run = await runRetentionOnce(clock.now());
      // A failing rule must be seen: the job records the failure and runs again at the next interval.
      if (run.failed.length > 0) throw new Error(`retention rules failed: ${run.failed.map((f) => f.rule ?? f.module).join(', ')}`);
    },
  });

  const personalData = createPersonalData({ database, clock, registers, dataDir, secretKey, archive, people, business, baseUrl, log });

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
    /** The retention rules once, now or at `now`; a dry run only counts (`wservices retention run --dry-run`). */
    runRetentionRules: runRetentionOnce,
    /** The engine's operations on one person (PersonalDataOperations) and the access archives' downloads. */
    personalData,
    /** Whether an address belongs to an erased person (the keyed proof of the erasure). */
    wasErased: (email: string) => personalData.wasErased(email),
    /** Makes sure the retention sweep is scheduled (main.ts, at start). */
    scheduleRetention: () => jobs.ensureRecurring(RETENTION_JOB),
  };
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { BusinessProfile } from '../../platform/business.js';
import type { Clock } from '../../platform/clock.js';
import { paths } from '../../platform/http/paths.js';
import { formatLongDate } from '../../platform/i18n/format.js';
import { locales, type Locale } from '../../platform/i18n/locale.js';
import type { LegalDocument } from '../../platform/legal-document.js';
import type { JobsService } from '../jobs/index.js';
import type { LegalService, PublishedDocument } from '../legal/index.js';
import type { NewMessage } from '../outbox/index.js';
import * as queries from './policy-announcements.queries.js';
import type { PendingAnnouncement, PolicyAnnouncement, PolicyNotice } from './policy-announcements.model.js';
import { changedSections, type SectionChanges } from './policy-diff.js';
import { policyChangedMail } from './policy-announcements.mails.js';
import { policyAnnouncementErrors } from './policy-announcements.errors.js';

export type { PendingAnnouncement, PolicyAnnouncement, PolicyNotice };

/** A customer to tell of a change: the customers module's record, in the language of their latest booking. */
export interface AudienceMember {
  id: string;
  email: string;
  locale: Locale;
}

export interface PolicyAnnouncementsDeps {
  database: Database;
  clock: Clock;
  jobs: JobsService;
  /** The outbox (through app.ts): messages queued in the batch's transaction, delivered by its worker. */
  outbox: { enqueueAll(db: Kysely<DB>, messages: NewMessage[]): Promise<unknown>; wake(): void };
  legal: LegalService;
  /** The policy in force: the one generated from the register now. */
  policy: () => PublishedDocument;
  business: () => BusinessProfile;
  baseUrl: string;
  /** The customers after `afterId` (by id), `limit` at most: read one batch at a time. */
  audience: (afterId: string | null, limit: number) => Promise<AudienceMember[]>;
  /** Called when a notice starts (the public pages' cache is rendered again). */
  onAnnounced?: () => void;
  batchSize?: number;
}

export const ANNOUNCE_JOB = 'privacy.policy-announce';
/** How long the site shows « Notre politique de confidentialité a changé ». */
export const NOTICE_DAYS = 30;
const DAY_MS = 86_400_000;
/** Another instance's announcement reaches this one's pages within this delay. */
const NOTICE_REFRESH_MS = 30_000;

/** `at`: the announcement's date, so that a version announced again gets new batch jobs. */
type AnnouncePayload = { version: string; at: string; after: string | null };

export type PolicyAnnouncements = ReturnType<typeof createPolicyAnnouncements>;

/**
 * The privacy policy's versions as customers hear of them. The version generated from the
 * register is in force at once (the page must stay true of the code); customers are told of it
 * when the owner, after reading it and its changes, announces it: a mail to each customer, in
 * batches through the outbox (a job per batch), and a notice on every public page for 30 days.
 */
export function createPolicyAnnouncements(deps: PolicyAnnouncementsDeps) {
  const { database, clock, jobs, legal } = deps;
  const batchSize = deps.batchSize ?? 100;
  let cachedNotice: { at: number; notice: PolicyNotice | undefined } | undefined;

  /**
   * At start, once the policy in force is published: when nothing was ever announced, the version
   * customers were last shown is recorded without mail nor notice. On a new site that is the
   * version in force (nobody to tell yet); on a site that published policies before announcements
   * existed, it is the last of those, so the version in force waits for the owner's « Publier ».
   */
  async function recordFirstVersion(): Promise<void> {
    const [latest] = await queries.selectAnnouncements(database.db, 1);
    if (latest) return;
    const current = deps.policy().version;
    const shownBefore = await legal.latestOtherVersion('privacy-policy', current);
    await queries.insertAnnouncement(database.db, { version: shownBefore ?? current, previousVersion: null, announcedAt: clock.now().toISOString(), silent: true });
  }

  async function documentOf(version: string, locale: Locale): Promise<LegalDocument | undefined> {
    return (await legal.version('privacy-policy', version, locale))?.document;
  }

  async function changesBetween(previous: string, next: string): Promise<Record<Locale, SectionChanges[]>> {
    const entries = await Promise.all(
      locales.map(async (locale) => {
        const [before, after] = await Promise.all([documentOf(previous, locale), documentOf(next, locale)]);
        return [locale, before && after ? changedSections(before, after) : []] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<Locale, SectionChanges[]>;
  }

  /** The version in force when customers were not told of it yet; undefined when they were. */
  async function pending(): Promise<PendingAnnouncement | undefined> {
    const current = deps.policy();
    const [latest] = await queries.selectAnnouncements(database.db, 1);
    if (!latest || latest.version === current.version) return undefined;
    // The version in force is published at start and on each profile change; publishing again changes nothing.
    await legal.publish(current);
    return { current, previous: latest, changes: await changesBetween(latest.version, current.version) };
  }

  /**
   * The owner announces the version they previewed: recorded, the notice starts, and the first
   * batch of the mailing is scheduled in the same transaction (the request returns at once).
   */
  async function announce(previewed: string): Promise<PolicyAnnouncement> {
    const found = await pending();
    if (!found) throw policyAnnouncementErrors.POLICY_NOTHING_TO_ANNOUNCE();
    if (found.current.version !== previewed) throw policyAnnouncementErrors.POLICY_CHANGED_SINCE_PREVIEW();
    const now = clock.now();
    await database.db.transaction().execute(async (trx) => {
      const inserted = await queries.insertAnnouncement(trx, { version: previewed, previousVersion: found.previous.version, announcedAt: now.toISOString(), silent: false });
      if (!inserted) throw policyAnnouncementErrors.POLICY_NOTHING_TO_ANNOUNCE();
      await jobs.schedule(trx, announceJob({ version: previewed, at: now.toISOString(), after: null }, now));
    });
    jobs.wake();
    cachedNotice = undefined;
    deps.onAnnounced?.();
    return (await queries.selectAnnouncement(database.db, previewed))!;
  }

  const announceJob = (payload: AnnouncePayload, runAt: Date) => ({ kind: ANNOUNCE_JOB, key: `${ANNOUNCE_JOB}:${payload.version}:${payload.at}:${payload.after ?? 'start'}`, payload, runAt });

  /** What the mail lists: the headings of the sections that changed. */
  function summaryOf(changes: SectionChanges[], document: LegalDocument): string[] {
    return changes.map((section) => section.heading || document.title);
  }

  /** One batch of the mailing: its messages and the next batch's job (or the mailing's end) commit together. */
  async function runBatch(payload: AnnouncePayload, finish: (work: (trx: Kysely<DB>) => Promise<void>) => Promise<void>): Promise<void> {
    const announcement = await queries.selectAnnouncement(database.db, payload.version);
    // Gone, silent, or announced again since this batch was scheduled (that announcement has its own batches).
    if (!announcement || announcement.silent || Date.parse(announcement.announcedAt) !== Date.parse(payload.at)) return;
    const members = await deps.audience(payload.after, batchSize);
    const changes = announcement.previousVersion ? await changesBetween(announcement.previousVersion, announcement.version) : { fr: [], en: [] };
    const business = deps.business();
    const messages: NewMessage[] = [];
    for (const member of members) {
      const document = await documentOf(announcement.version, member.locale);
      if (!document) continue;
      // Information the law asks for, not prospecting: the outbox's mail policy lets it through an objection.
      const message = {
        kind: 'privacy.policy-changed',
        category: 'information' as const,
        recipient: member.email,
        locale: member.locale,
        ...policyChangedMail({
          business,
          locale: member.locale,
          date: formatLongDate(announcement.announcedAt, member.locale, business.timezone),
          summary: summaryOf(changes[member.locale], document),
          policyUrl: `${deps.baseUrl}${policyVersionPath(member.locale, announcement.version)}`,
          changesUrl: `${deps.baseUrl}${changesPath(member.locale, announcement.version)}`,
        }),
      };
      messages.push(message);
    }
    const last = members.length < batchSize;
    await finish(async (trx) => {
      await deps.outbox.enqueueAll(trx, messages);
      await queries.recordBatch(trx, announcement.version, messages.length, last ? clock.now().toISOString() : null);
      if (!last) await jobs.schedule(trx, announceJob({ version: announcement.version, at: payload.at, after: members[members.length - 1]!.id }, clock.now()));
    });
    deps.outbox.wake();
    if (!last) jobs.wake();
  }

  jobs.define<AnnouncePayload>({
    kind: ANNOUNCE_JOB,
    label: { fr: 'Annonce de la nouvelle politique de confidentialité aux clients', en: 'Announcing the new privacy policy to customers' },
    run: (payload, run) => runBatch(payload, run.finish),
  });

  /** The notice of the latest announcement within 30 days (read again every 30 s: another instance may have announced). */
  async function refreshNotice(): Promise<void> {
    const now = clock.now().getTime();
    if (cachedNotice && now - cachedNotice.at < NOTICE_REFRESH_MS) return;
    const found = await queries.selectLatestToldSince(database.db, new Date(now - NOTICE_DAYS * DAY_MS).toISOString());
    cachedNotice = { at: now, notice: found && { version: found.version, announcedAt: found.announcedAt } };
  }

  return {
    recordFirstVersion,
    pending,
    /** Whether customers were not yet told of the version in force (the dashboard's « À traiter »): one read, no diff. */
    async isPending(): Promise<boolean> {
      const [latest] = await queries.selectAnnouncements(database.db, 1);
      return latest !== undefined && latest.version !== deps.policy().version;
    },
    announce,
    /** Every announcement, newest first (the owner's history). */
    history: () => queries.selectAnnouncements(database.db),
    /** One announced version and what changed from the one before it (the public changes page). */
    async changesOf(version: string): Promise<{ announcement: PolicyAnnouncement; changes: Record<Locale, SectionChanges[]> } | undefined> {
      const announcement = await queries.selectAnnouncement(database.db, version);
      if (!announcement) return undefined;
      return { announcement, changes: announcement.previousVersion ? await changesBetween(announcement.previousVersion, version) : { fr: [], en: [] } };
    },
    refreshNotice,
    /** The notice to show now, as last read by refreshNotice (still within its 30 days). */
    notice(): PolicyNotice | undefined {
      const notice = cachedNotice?.notice;
      if (!notice || clock.now().getTime() - Date.parse(notice.announcedAt) >= NOTICE_DAYS * DAY_MS) return undefined;
      return notice;
    },
  };
}

export const policyVersionPath = (locale: Locale, version: string) => `${paths.privacyPolicy(locale)}?version=${version}`;
export const changesPath = (locale: Locale, version: string) => `${paths.privacyPolicyChanges(locale)}?version=${version}`;

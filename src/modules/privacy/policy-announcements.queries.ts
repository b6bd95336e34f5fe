import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

import type { PolicyAnnouncement } from './policy-announcements.model.js';

type Row = DB['privacy_policy_announcements'];

function toAnnouncement(row: Row): PolicyAnnouncement {
  return {
    version: row.version,
    previousVersion: row.previous_version,
    announcedAt: row.announced_at,
    silent: Number(row.silent) === 1,
    customersMailed: Number(row.customers_mailed),
    mailingDoneAt: row.mailing_done_at,
  };
}

/**
 * Records an announcement; false when this version is already the latest one announced (another
 * instance, a double click). A version announced before and in force again (the owner undid a
 * change) is announced anew: its row takes the new date and counts.
 */
export async function insertAnnouncement(db: Kysely<DB>, a: { version: string; previousVersion: string | null; announcedAt: string; silent: boolean }): Promise<boolean> {
  const row = { previous_version: a.previousVersion, announced_at: a.announcedAt, silent: a.silent ? 1 : 0, customers_mailed: 0, mailing_done_at: a.silent ? a.announcedAt : null };
  const result = await db
    .insertInto('privacy_policy_announcements')
    .values({ version: a.version, ...row })
    .onConflict((oc) =>
      oc
        .column('version')
        .doUpdateSet(row)
        // Not the announcement just made (a double click): a silent row, one measured against another
        // version, or one that is no longer the latest.
        .where((eb) =>
          eb.or([
            eb('privacy_policy_announcements.silent', '=', 1),
            eb('privacy_policy_announcements.previous_version', 'is', null),
            eb('privacy_policy_announcements.previous_version', '<>', a.previousVersion ?? ''),
            eb('privacy_policy_announcements.announced_at', '<', eb.selectFrom('privacy_policy_announcements as latest').select((l) => l.fn.max('latest.announced_at').as('at'))),
          ]),
        ),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The announcements, newest first. */
export async function selectAnnouncements(db: Kysely<DB>, limit = 50): Promise<PolicyAnnouncement[]> {
  // At the same instant, an announcement made comes after the silent first version.
  const rows = await db.selectFrom('privacy_policy_announcements').selectAll().orderBy('announced_at', 'desc').orderBy('silent').orderBy('version').limit(limit).execute();
  return rows.map(toAnnouncement);
}

export async function selectAnnouncement(db: Kysely<DB>, version: string): Promise<PolicyAnnouncement | undefined> {
  const row = await db.selectFrom('privacy_policy_announcements').selectAll().where('version', '=', version).executeTakeFirst();
  return row && toAnnouncement(row);
}

/** The latest announcement that customers were told of (not silent), announced since `since`. */
export async function selectLatestToldSince(db: Kysely<DB>, since: string): Promise<PolicyAnnouncement | undefined> {
  const row = await db
    .selectFrom('privacy_policy_announcements')
    .selectAll()
    .where('silent', '=', 0)
    .where('announced_at', '>=', since)
    .orderBy('announced_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toAnnouncement(row);
}

/** One batch of the mailing queued: counted, and, for the last one, the mailing's end. */
export async function recordBatch(db: Kysely<DB>, version: string, count: number, doneAt: string | null): Promise<void> {
  await db
    .updateTable('privacy_policy_announcements')
    .set((eb) => ({ customers_mailed: eb('customers_mailed', '+', count), ...(doneAt ? { mailing_done_at: doneAt } : {}) }))
    .where('version', '=', version)
    .execute();
}

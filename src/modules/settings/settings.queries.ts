import { mentionsEmail } from '../../platform/personal-data.js';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BusinessLogosTable } from './settings.tables.js';

const ROW = 'business';

export interface StoredProfile {
  profile: unknown;
  version: number;
}

/**
 * The version alone: the one query every request makes. Compiled once, with its constant written
 * in (no parameter): PostgreSQL then takes it in one round trip of the simple protocol instead of
 * parse, bind and execute, and Kysely does not build it again for each request.
 */
const versionQuery = CompiledQuery.raw(`select version from business_settings where id = '${ROW}'`);

export async function selectVersion(db: Kysely<DB>): Promise<number | undefined> {
  const { rows } = await db.executeQuery<{ version: number | string }>(versionQuery);
  return rows[0] ? Number(rows[0].version) : undefined;
}

/** forUpdate (PostgreSQL) holds the row until the transaction ends: two saves never interleave (SQLite's `begin immediate` already serialises them). */
export async function selectProfile(db: Kysely<DB>, options: { forUpdate?: boolean } = {}): Promise<StoredProfile | undefined> {
  const query = db.selectFrom('business_settings').select(['profile', 'version']).where('id', '=', ROW);
  const row = await (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
  return row ? { profile: JSON.parse(row.profile) as unknown, version: Number(row.version) } : undefined;
}

/** Writes the seed when no profile is stored yet; true when it did (the first start). */
export async function insertProfileIfAbsent(db: Kysely<DB>, profile: unknown, now: string): Promise<boolean> {
  const result = await db
    .insertInto('business_settings')
    .values({ id: ROW, profile: JSON.stringify(profile), version: 1, updated_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Replaces the profile and raises its version, which tells every instance to read it again. */
export async function updateProfile(db: Kysely<DB>, profile: unknown, now: string): Promise<void> {
  await db
    .updateTable('business_settings')
    .set({ profile: JSON.stringify(profile), version: sql<number>`version + 1`, updated_at: now })
    .where('id', '=', ROW)
    .execute();
}

export async function insertLogo(db: Kysely<DB>, logo: BusinessLogosTable): Promise<void> {
  await db.insertInto('business_logos').values(logo).onConflict((oc) => oc.column('id').doNothing()).execute();
}

/** Every logo but the one in force (none: all of them). */
export async function deleteLogosExcept(db: Kysely<DB>, keepId: string | undefined): Promise<void> {
  await (keepId ? db.deleteFrom('business_logos').where('id', '!=', keepId) : db.deleteFrom('business_logos')).execute();
}

export type LogoImage = 'original' | 'raster' | 'favicon_32' | 'favicon_180';

export async function selectLogoImage(db: Kysely<DB>, id: string, image: LogoImage): Promise<Buffer | undefined> {
  const row = await db.selectFrom('business_logos').select(image).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const bytes = row[image] as Buffer | Uint8Array;
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
}

/** The profile, when it names one of these addresses (the owner, or the business's own address): the register's personal-data port. */
export async function selectProfileNaming(db: Kysely<DB>, emails: readonly string[]): Promise<{ profile: string; updated_at: string }[]> {
  return db.selectFrom('business_settings').select(['profile', 'updated_at']).where(mentionsEmail('profile', emails)).execute();
}

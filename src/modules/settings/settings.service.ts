import type { Database } from '../../db/database.js';
import { businessProfileSchema, type BusinessProfile, type BusinessProfileSource } from '../../platform/business.js';
import type { Clock } from '../../platform/clock.js';
import type { CheckedLogo } from './logo.js';
import * as queries from './settings.queries.js';

/** Which of the logo's images: as uploaded, for mails, the 32 px and 180 px icons. */
export type LogoImage = queries.LogoImage;

export interface SettingsDeps {
  database: Database;
  clock: Clock;
  /** BUSINESS_FILE's profile (or the defaults): written on the first start only. */
  seed: BusinessProfile;
}

/** Told, once per instance, each time the profile it holds changes (saved here or on another instance). */
export type ProfileListener = (profile: BusinessProfile) => Promise<void> | void;

export type SettingsService = Awaited<ReturnType<typeof createSettingsService>>;

interface Held {
  version: number;
  profile: BusinessProfile;
  /** The logo as mails carry it (an inline PNG): read with the profile, so that a mail never waits for it. */
  mailLogo: Buffer | undefined;
}

/**
 * The business profile, kept in the database and in force on every instance at once. Each instance
 * holds the profile with its version; refresh() — at the start of every request and before
 * background work — reads the version alone (one primary-key read) and the whole profile only when
 * another save raised it. No time-based cache: a request that starts after a save, on any
 * instance, sees what was saved.
 */
export async function createSettingsService({ database, clock, seed }: SettingsDeps) {
  const listeners: ProfileListener[] = [];
  let loading: Promise<Held> | undefined;

  async function read(): Promise<Held> {
    const stored = await queries.selectProfile(database.db);
    if (!stored) throw new Error('the business profile is missing from business_settings');
    // A profile saved by an older version lacks the newer fields: their defaults fill them.
    const profile = Object.freeze(businessProfileSchema.parse(stored.profile));
    const mailLogo = profile.logo ? await queries.selectLogoImage(database.db, profile.logo.id, 'raster') : undefined;
    return { version: stored.version, profile, mailLogo };
  }

  const seeded = await queries.insertProfileIfAbsent(database.db, businessProfileSchema.parse(seed), clock.now().toISOString());
  let held = await read();

  /** The listeners' work for the profile held last (publishing the new legal texts): every refresh waits for it. */
  let settled: Promise<void> = Promise.resolve();

  /**
   * Reads the stored profile again when its version moved. Requests arriving together share one
   * read, but a request never settles for a read older than the version it saw itself.
   */
  async function refresh(): Promise<BusinessProfile> {
    const version = await queries.selectVersion(database.db);
    while (version !== undefined && held.version < version) {
      loading ??= read().finally(() => (loading = undefined));
      const next = await loading;
      if (next.version > held.version) {
        const previous = held;
        held = next;
        settled = (async () => {
          for (const listener of listeners) await listener(next.profile);
        })().catch((error: unknown) => {
          // Not taken in after all (its terms not published): the next request tries again.
          if (held === next) held = previous;
          settled = Promise.resolve();
          throw error;
        });
      }
    }
    await settled;
    return held.profile;
  }

  /** Saves the owner's profile (the logo, uploaded apart, is kept) and puts it in force on this instance at once. */
  async function save(profile: Omit<BusinessProfile, 'logo'>): Promise<BusinessProfile> {
    await database.db.transaction().execute(async (trx) => {
      const stored = await queries.selectProfile(trx, { forUpdate: database.dialect === 'postgres' });
      const logo = stored ? businessProfileSchema.parse(stored.profile).logo : undefined;
      await queries.updateProfile(trx, businessProfileSchema.parse({ ...profile, ...(logo ? { logo } : {}) }), clock.now().toISOString());
    });
    return refresh();
  }

  /** Replaces the logo (or removes it, with undefined); the previous one's images are deleted. */
  async function setLogo(checked: CheckedLogo | undefined): Promise<BusinessProfile> {
    const now = clock.now().toISOString();
    await database.db.transaction().execute(async (trx) => {
      const stored = await queries.selectProfile(trx, { forUpdate: database.dialect === 'postgres' });
      const { logo: _previous, ...rest } = businessProfileSchema.parse(stored?.profile);
      if (checked) {
        await queries.insertLogo(trx, {
          id: checked.logo.id,
          content_type: checked.logo.contentType,
          original: checked.original,
          raster: checked.raster,
          favicon_32: checked.favicon32,
          favicon_180: checked.favicon180,
          width: checked.logo.width,
          height: checked.logo.height,
          created_at: now,
        });
      }
      await queries.updateProfile(trx, { ...rest, ...(checked ? { logo: checked.logo } : {}) }, now);
      await queries.deleteLogosExcept(trx, checked?.logo.id);
    });
    return refresh();
  }

  const source: BusinessProfileSource = { current: () => held.profile };

  return {
    /** True when this start wrote BUSINESS_FILE's profile (or the defaults) into an empty database. */
    seeded,
    /** The profile this instance holds now, without a query: what a request sees after refresh(). */
    snapshot: (): BusinessProfile => held.profile,
    /** The same, as the platform's BusinessProfileSource (Fastify's app.business). */
    source,
    refresh,
    /**
     * The profile in force, checked against the database first: for work outside a request
     * (reminders, jobs). Carries reminderHoursBefore and cancellationCutoffHours, the defaults
     * that a service may override (catalog's effectiveBookingPolicy).
     */
    current: refresh,
    save,
    setLogo,
    /** The logo's PNG for mails (inline, cid), with the profile this instance holds. */
    mailLogo: (): { id: string; png: Buffer } | undefined => (held.profile.logo && held.mailLogo ? { id: held.profile.logo.id, png: held.mailLogo } : undefined),
    logoImage: (id: string, image: LogoImage) => queries.selectLogoImage(database.db, id, image),
    /** Runs `listener` each time this instance takes a new profile in. */
    onChange(listener: ProfileListener): void {
      listeners.push(listener);
    },
  };
}

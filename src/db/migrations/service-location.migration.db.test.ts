import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import type { DialectName } from '../dialect.js';
import { migrateToLatest } from '../migrate.js';
import { migrations } from './index.js';

/** 20261201T1400_add_service_location on a database that already holds services (the demo catalog of an earlier start). */
describeEachDialect('migration: where a service happens', (dialect: DialectName) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await createTestDatabase(dialect, { migrate: false });
  });
  afterEach(() => test?.drop());

  const service = (slug: string) => ({
    id: `id-${slug}`,
    slug,
    name_fr: slug,
    name_en: slug,
    description_fr: 'd',
    description_en: 'd',
    duration_minutes: 60,
    price_cents: 0,
    currency: 'EUR',
    vat_rate_bp: 2000,
    required_fields: '[]',
    withdrawal_policy: 'applies',
    created_at: '2026-11-01T00:00:00.000Z',
    updated_at: '2026-11-01T00:00:00.000Z',
  });

  it('places existing services at the business, except the demo home visit and discovery call; refuses unknown places and links other than https', async () => {
    const db = test.database.db;
    const before = migrations.findIndex(([name]) => name === '20261201T1400_add_service_location');
    for (const [, migration] of migrations.slice(0, before)) await migration.up(db, dialect);
    await db.insertInto('services' as never).values(['diagnostic-informatique', 'installation-a-domicile', 'appel-decouverte', 'mon-service'].map(service) as never).execute();

    await migrations[before]![1].up(db, dialect);
    const rows = await db.selectFrom('services').select(['slug', 'location', 'online_url']).orderBy('slug').execute();
    expect(rows).toEqual([
      { slug: 'appel-decouverte', location: 'phone', online_url: null },
      { slug: 'diagnostic-informatique', location: 'business', online_url: null },
      { slug: 'installation-a-domicile', location: 'customer_address', online_url: null },
      { slug: 'mon-service', location: 'business', online_url: null },
    ]);
    await expect(db.updateTable('services').set({ location: 'lune' }).where('slug', '=', 'mon-service').execute()).rejects.toThrow();
    await expect(db.updateTable('services').set({ location: 'online', online_url: 'http://x.fr' }).where('slug', '=', 'mon-service').execute()).rejects.toThrow();
    await db.updateTable('services').set({ location: 'online', online_url: 'https://x.fr' }).where('slug', '=', 'mon-service').execute();
  });

  it('runs in the whole timeline on an empty database', async () => {
    expect(await migrateToLatest(test.database)).toContain('20261201T1400_add_service_location');
  });
});

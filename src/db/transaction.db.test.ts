import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../test/support/databases.js';
import { inSerializableTransaction } from './transaction.js';

describeEachDialect('serialised write transactions', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(() => t?.drop());

  it('runs concurrent read-check-write units as if one at a time', async () => {
    // Each unit reads the counter and writes it back plus one: lost updates would show.
    await t.database.db.insertInto('app_settings').values({ key: 'counter', value: '0', updated_at: new Date().toISOString() }).execute();
    await Promise.all(
      Array.from({ length: 40 }, () =>
        inSerializableTransaction(t.database, async (trx) => {
          const row = await trx.selectFrom('app_settings').select('value').where('key', '=', 'counter').executeTakeFirstOrThrow();
          await trx.updateTable('app_settings').set({ value: String(Number(row.value) + 1) }).where('key', '=', 'counter').execute();
        }),
      ),
    );
    const row = await t.database.db.selectFrom('app_settings').select('value').where('key', '=', 'counter').executeTakeFirstOrThrow();
    expect(row.value).toBe('40');
  });

  it('undoes a failing unit entirely and only that unit, even when committed together', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        inSerializableTransaction(t.database, async (trx) => {
          await trx.insertInto('app_settings').values({ key: `unit-${i}`, value: 'written', updated_at: new Date().toISOString() }).execute();
          if (i % 3 === 0) throw new Error(`unit ${i} refused`);
          return i;
        }),
      ),
    );
    const kept = await t.database.db.selectFrom('app_settings').select('key').where('key', 'like', 'unit-%').execute();
    expect(kept.map((r) => r.key).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => i)
        .filter((i) => i % 3 !== 0)
        .map((i) => `unit-${i}`)
        .sort(),
    );
    outcomes.forEach((outcome, i) => {
      if (i % 3 === 0) expect(outcome).toMatchObject({ status: 'rejected', reason: { message: `unit ${i} refused` } });
      else expect(outcome).toEqual({ status: 'fulfilled', value: i });
    });
  });
});

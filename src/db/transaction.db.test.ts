import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../test/support/databases.js';
import { AGENDA_LOCK_KEY, takeTransactionLock } from './dialect.js';
import { groupMemoOf, inSerializableTransaction } from './transaction.js';
import type { DB } from './schema.js';
import { RootHandleInTransactionError } from './transaction-guard.js';

/** Settles with the promise's outcome, or with 'hung' after `ms`: a hang must fail the test, not the suite. */
function within<T>(promise: Promise<T>, ms = 3000): Promise<PromiseSettledResult<T> | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), ms)));
  const settled = promise.then(
    (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
    (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
  );
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}

const setting = (key: string, value: string) => ({ key, value, updated_at: new Date().toISOString() });

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

  it('undoes only what each unit wrote, whether it failed before writing, after writing, or amid concurrent writes', async () => {
    const kinds = ['reads then refuses', 'writes then fails', 'writes twice at once then fails', 'writes'] as const;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) =>
        inSerializableTransaction(t.database, async (trx) => {
          const kind = kinds[i % kinds.length]!;
          await trx.selectFrom('app_settings').select('key').where('key', 'like', 'mixed-%').execute();
          if (kind === 'reads then refuses') throw new Error(`unit ${i} refused`);
          if (kind === 'writes twice at once then fails') {
            await Promise.all(['a', 'b'].map((suffix) => trx.insertInto('app_settings').values(setting(`mixed-${i}-${suffix}`, 'written')).execute()));
          } else {
            await trx.insertInto('app_settings').values(setting(`mixed-${i}`, 'written')).execute();
          }
          if (kind !== 'writes') throw new Error(`unit ${i} failed`);
          return i;
        }),
      ),
    );
    const kept = await t.database.db.selectFrom('app_settings').select('key').where('key', 'like', 'mixed-%').execute();
    const writers = Array.from({ length: 24 }, (_, i) => i).filter((i) => i % kinds.length === 3);
    expect(kept.map((r) => r.key).sort()).toEqual(writers.map((i) => `mixed-${i}`).sort());
    expect(outcomes.filter((o) => o.status === 'fulfilled').map((o) => (o as PromiseFulfilledResult<number>).value)).toEqual(writers);
  });

  it('keeps every other unit of the group when a unit’s read fails in the database (PostgreSQL aborts the transaction)', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        inSerializableTransaction(t.database, async (trx) => {
          if (i === 5) await trx.selectFrom('no_such_table' as 'app_settings').selectAll().execute();
          await trx.insertInto('app_settings').values(setting(`aborted-${i}`, 'written')).execute();
          return i;
        }),
      ),
    );
    const kept = await t.database.db.selectFrom('app_settings').select('key').where('key', 'like', 'aborted-%').execute();
    const others = Array.from({ length: 12 }, (_, i) => i).filter((i) => i !== 5);
    expect(kept.map((r) => r.key).sort()).toEqual(others.map((i) => `aborted-${i}`).sort());
    expect(outcomes[5]!.status).toBe('rejected');
    for (const i of others) expect(outcomes[i]).toEqual({ status: 'fulfilled', value: i });
  });

  it('lets the later units of a group reuse what one remembered, until anything may have been written', async () => {
    const seen: (string | undefined)[] = [];
    const unit = (work: Parameters<typeof inSerializableTransaction>[1]) => inSerializableTransaction(t.database, work);
    const look = () => unit(async (trx) => void seen.push(groupMemoOf(trx)?.get<string>('read')));
    const write = (key: string) => unit(async (trx) => void (await trx.insertInto('app_settings').values(setting(key, 'written')).execute()));
    // Started in the same turn of the event loop: one group, its units run in this order.
    await Promise.all([
      unit(async (trx) => groupMemoOf(trx)?.set('read', 'first')),
      look(),
      look(),
      write('memo-1'),
      look(),
      // Remembered after its own write: valid for the next unit.
      unit(async (trx) => {
        await trx.insertInto('app_settings').values(setting('memo-2', 'written')).execute();
        groupMemoOf(trx)?.set('read', 'second');
      }),
      look(),
      // Remembered, then written: no longer valid.
      unit(async (trx) => {
        groupMemoOf(trx)?.set('read', 'third');
        await trx.insertInto('app_settings').values(setting('memo-3', 'written')).execute();
      }),
      look(),
    ]);
    expect(seen).toEqual(['first', 'first', undefined, 'second', undefined]);
    // A later group starts with nothing remembered.
    await look();
    expect(seen.at(-1)).toBeUndefined();
  });

  it('remembers nothing across a group run again with savepoints', async () => {
    const seen: (string | undefined)[] = [];
    const outcomes = await Promise.allSettled([
      inSerializableTransaction(t.database, async (trx) => groupMemoOf(trx)?.set('read', 'before the failure')),
      inSerializableTransaction(t.database, async (trx) => {
        await trx.insertInto('app_settings').values(setting('memo-failed', 'written')).execute();
        throw new Error('failed after writing');
      }),
      inSerializableTransaction(t.database, async (trx) => void seen.push(groupMemoOf(trx)?.get<string>('read'))),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // First run: the read came after a unit's write. Second run (in savepoints): no memo at all.
    expect(seen.at(-1)).toBeUndefined();
  });

  it('never reports as saved a unit that went on after one of its statements failed', async () => {
    const alone = inSerializableTransaction(t.database, async (trx) => {
      await trx.insertInto('app_settings').values(setting('went-on', 'written')).execute();
      await trx
        .selectFrom('no_such_table' as 'app_settings')
        .selectAll()
        .execute()
        .catch(() => undefined);
      return 'reported as saved';
    });
    await expect(alone).rejects.toThrow('nothing was saved');
    expect(await t.database.db.selectFrom('app_settings').select('key').where('key', '=', 'went-on').execute()).toEqual([]);
  });

  it('refuses at once a write through the root handle inside a transaction, and undoes the transaction', async () => {
    const { db } = t.database;
    const outcome = await within(
      inSerializableTransaction(t.database, async (trx) => {
        await trx.insertInto('app_settings').values(setting('inside', 'by the transaction')).execute();
        // The mistake: the root handle instead of trx. SQLite waited for ever; PostgreSQL wrote outside the transaction.
        await db.insertInto('app_settings').values(setting('root', 'by the root handle')).execute();
      }),
    );
    expect(outcome).not.toBe('hung');
    expect(outcome).toMatchObject({ status: 'rejected', reason: expect.any(RootHandleInTransactionError) });
    expect((outcome as PromiseRejectedResult).reason.message).toMatch(/use the transaction handle/);
    const written = await db.selectFrom('app_settings').select('key').where('key', 'in', ['inside', 'root']).execute();
    expect(written).toEqual([]);
  });

  it('refuses a read through the root handle and a transaction opened inside a transaction', async () => {
    const { db } = t.database;
    const read = await within(inSerializableTransaction(t.database, () => db.selectFrom('app_settings').selectAll().execute()));
    expect(read).toMatchObject({ status: 'rejected', reason: expect.any(RootHandleInTransactionError) });
    const nested = await within(inSerializableTransaction(t.database, () => inSerializableTransaction(t.database, async () => 'inner')));
    expect(nested).toMatchObject({ status: 'rejected', reason: expect.any(RootHandleInTransactionError) });
  });

  it('lets the root handle work again once the transaction has ended, from work it started too', async () => {
    const { db } = t.database;
    let later: Promise<unknown> | undefined;
    await inSerializableTransaction(t.database, async (trx) => {
      await trx.insertInto('app_settings').values(setting('before-later', 'x')).execute();
      // Started inside the transaction, run after it: same async context, transaction over.
      later = new Promise((resolve) => setTimeout(resolve, 20)).then(() => db.insertInto('app_settings').values(setting('later', 'x')).execute());
    });
    await expect(later).resolves.toBeDefined();
    await expect(db.selectFrom('app_settings').select('key').where('key', '=', 'later').execute()).resolves.toHaveLength(1);
  });

  it('takes the agenda lock first on PostgreSQL, and nothing on SQLite', async () => {
    t.queries.length = 0;
    await inSerializableTransaction(t.database, async (trx) => {
      await trx.selectFrom('app_settings').select('key').execute();
    });
    if (dialect === 'postgres') {
      expect(t.queries.slice(0, 2)).toEqual(['begin', 'select pg_advisory_xact_lock($1::bigint)']);
    } else {
      expect(t.queries.some((q) => /advisory/.test(q))).toBe(false);
      t.queries.length = 0;
      await t.database.db.transaction().execute((trx) => takeTransactionLock(trx, 'sqlite', AGENDA_LOCK_KEY));
      expect(t.queries).toEqual([]);
    }
  });

  if (dialect === 'postgres') {
    it('holds the lock until the end of the transaction against another pool (another instance)', async () => {
      const other = t.reopen();
      try {
        const tryLock = () =>
          other.db
            .transaction()
            .execute(async (trx) => (await sql<{ taken: boolean }>`select pg_try_advisory_xact_lock(${AGENDA_LOCK_KEY}::bigint) as taken`.execute(trx)).rows[0]!.taken);
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let entered!: () => void;
        const inside = new Promise<void>((resolve) => (entered = resolve));
        const holder = inSerializableTransaction(t.database, async () => {
          entered();
          await held;
        });
        await inside;
        expect(await tryLock()).toBe(false);
        // A transaction of the other instance waits for the holder, then sees what it committed.
        const waiter = inSerializableTransaction(other, (trx) => trx.selectFrom('app_settings').select('value').where('key', '=', 'counter').executeTakeFirst());
        await new Promise((resolve) => setTimeout(resolve, 100));
        await t.database.db.updateTable('app_settings').set({ value: 'after' }).where('key', '=', 'counter').execute();
        release();
        await holder;
        // The other instance's transaction got the lock: the holder's ended with its transaction. (Not
        // asked with pg_try_advisory_xact_lock: the key is the database's, and another test file
        // running at the same time may hold it for its own bookings.)
        await expect(waiter).resolves.toEqual({ value: 'after' });
      } finally {
        await other.close();
      }
    });

    it('has the next group wait for the lock in the database while one holds it, taking in all that arrived meanwhile', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const transactionId = async (trx: Kysely<DB>) => (await sql<{ id: string }>`select pg_current_xact_id()::text as id`.execute(trx)).rows[0]!.id;
      const holder = inSerializableTransaction(t.database, async (trx) => {
        const id = await transactionId(trx);
        entered();
        await held;
        return id;
      });
      await inside;
      t.queries.length = 0;
      // Three units arrive one after the other while the lock is held.
      const waiting: Promise<string>[] = [];
      let queriedMeanwhile: string[];
      try {
        for (let i = 0; i < 3; i++) {
          waiting.push(inSerializableTransaction(t.database, transactionId));
          await new Promise((resolve) => setTimeout(resolve, 30));
        }
        queriedMeanwhile = [...t.queries];
      } finally {
        release();
      }
      // The next group had begun its transaction and asked for the lock (a query is logged once answered: the lock's was not yet).
      expect(queriedMeanwhile).toEqual(['begin']);
      const holderId = await holder;
      const ids = await Promise.all(waiting);
      // One transaction for the three, not the holder's.
      expect(new Set(ids).size).toBe(1);
      expect(ids[0]).not.toBe(holderId);
      expect(t.queries.filter((q) => q === 'begin')).toHaveLength(1);
    });

    it('serialises read-check-write units across two pools, as two instances do', async () => {
      const other = t.reopen();
      try {
        await t.database.db.insertInto('app_settings').values(setting('shared-counter', '0')).execute();
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            inSerializableTransaction(i % 2 ? other : t.database, async (trx) => {
              const row = await trx.selectFrom('app_settings').select('value').where('key', '=', 'shared-counter').executeTakeFirstOrThrow();
              await trx.updateTable('app_settings').set({ value: String(Number(row.value) + 1) }).where('key', '=', 'shared-counter').execute();
            }),
          ),
        );
        const row = await t.database.db.selectFrom('app_settings').select('value').where('key', '=', 'shared-counter').executeTakeFirstOrThrow();
        expect(row.value).toBe('40');
      } finally {
        await other.close();
      }
    });
  }
});

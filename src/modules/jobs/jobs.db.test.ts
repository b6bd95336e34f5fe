import { expect, it, onTestFinished } from 'vitest';
import { loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildSecondApp } from '../../../test/support/second-app.js';
import type { DialectName } from '../../db/dialect.js';
import { createJobsService, PermanentJobFailure, type JobsService } from './index.js';
import { withoutAddresses } from './jobs.service.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const LEASE_MS = 2 * MINUTE;

describeEachDialect('jobs', (dialect: DialectName) => {
  async function app(): Promise<TestApp> {
    const t = await createTestApp(dialect, { seed: false });
    onTestFinished(() => t.close());
    return t;
  }

  async function row(t: TestApp, key: string) {
    return t.db.database.db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
  }

  /** A job kind whose effect is a row of app_settings, written in the transaction that finishes the job. */
  function defineRecorder(jobs: JobsService, ran: string[], kind = 'test.record') {
    jobs.define<{ name: string }>({
      kind,
      label: { fr: 'Test', en: 'Test' },
      async run({ name }, run) {
        await run.finish(async (trx) => {
          await trx.insertInto('app_settings').values({ key: `ran:${name}`, value: 'yes', updated_at: new Date().toISOString() }).execute();
        });
        ran.push(name);
      },
    });
  }

  async function effects(t: TestApp): Promise<string[]> {
    const rows = await t.db.database.db.selectFrom('app_settings').select('key').where('key', 'like', 'ran:%').orderBy('key').execute();
    return rows.map((r) => r.key.slice(4));
  }

  it('gives way to requests before each job its background worker runs, and not when jobs are run on demand', async () => {
    const t = await app();
    const order: string[] = [];
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const jobs = createJobsService({ database: t.db.database, clock: t.clock, log: quiet, pollIntervalMs: 60_000, giveWay: async () => void order.push('gives way') });
    jobs.define<{ name: string }>({ kind: 'test.order', label: { fr: 'Test', en: 'Test' }, run: async ({ name }) => void order.push(`runs ${name}`) });
    const due = (name: string) => ({ kind: 'test.order', key: `order-${name}`, payload: { name }, runAt: t.clock.now() });
    await jobs.scheduleAll(t.db.database.db, [due('a'), due('b'), due('c')]);
    jobs.start();
    try {
      for (let i = 0; i < 200 && order.filter((x) => x.startsWith('runs')).length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      await jobs.stop();
    }
    expect(order.filter((x) => x.startsWith('runs')).sort()).toEqual(['runs a', 'runs b', 'runs c']);
    order.forEach((x, i) => {
      if (x.startsWith('runs')) expect(order[i - 1]).toBe('gives way');
    });
    // Run on demand (the CLI, tests): at once.
    order.length = 0;
    await jobs.scheduleAll(t.db.database.db, [due('d')]);
    await jobs.runUntilIdle();
    expect(order).toEqual(['runs d']);
  });

  it('runs a job at its time, not before, once; scheduling the same key again changes nothing', async () => {
    const t = await app();
    const ran: string[] = [];
    defineRecorder(t.services.jobs, ran);
    const runAt = new Date(t.clock.now().getTime() + 10 * MINUTE);
    await t.services.jobs.schedule(t.db.database.db, { kind: 'test.record', key: 'k1', payload: { name: 'one' }, runAt });
    await t.services.jobs.schedule(t.db.database.db, { kind: 'test.record', key: 'k1', payload: { name: 'other' }, runAt: t.clock.now() });

    await t.services.jobs.runDue();
    t.clock.advance(10 * MINUTE - 1);
    await t.services.jobs.runDue();
    expect(ran).toEqual([]);

    t.clock.advance(1);
    const ranAt = t.clock.now().toISOString();
    await t.services.jobs.runDue();
    t.clock.advance(LEASE_MS * 2);
    await t.services.jobs.runDue();
    expect(ran).toEqual(['one']);
    expect(await effects(t)).toEqual(['one']);
    expect(await row(t, 'k1')).toMatchObject({ status: 'done', attempts: 1, lease_token: null, locked_until: null, finished_at: ranAt });
  });

  it('catches up after downtime: a job whose time passed while nothing ran runs at the first look', async () => {
    const t = await app();
    const ran: string[] = [];
    defineRecorder(t.services.jobs, ran);
    await t.services.jobs.schedule(t.db.database.db, { kind: 'test.record', key: 'late', payload: { name: 'late' }, runAt: new Date(t.clock.now().getTime() + MINUTE) });
    t.clock.advance(3 * 24 * 60 * MINUTE);
    await t.services.jobs.runDue();
    expect(ran).toEqual(['late']);
  });

  it('retries a failing job with growing delays, then makes it dead, tells its module, and runs it again when asked', async () => {
    const t = await app();
    let failures = 0;
    const deadWith: string[] = [];
    t.services.jobs.define<Record<string, never>>({
      kind: 'test.flaky',
      label: { fr: 'Test', en: 'Test' },
      maxAttempts: 3,
      retryBaseMs: 10 * SECOND,
      async run() {
        failures++;
        if (failures <= 3) throw new Error(`refused for claire.martin@example.fr (${failures})`);
      },
      async onDead(db, _payload, error) {
        deadWith.push(error);
        await db.insertInto('app_settings').values({ key: 'dead:flaky', value: error, updated_at: new Date().toISOString() }).execute();
      },
    });
    await t.services.jobs.schedule(t.db.database.db, { kind: 'test.flaky', key: 'f', runAt: t.clock.now() });

    await t.services.jobs.runDue();
    let job = await row(t, 'f');
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    // The address the error quoted is not kept in the jobs table.
    expect(job.last_error).toBe('refused for [address] (1)');
    const firstDelay = Date.parse(job.run_at) - t.clock.now().getTime();
    expect(firstDelay).toBeGreaterThanOrEqual(10 * SECOND);
    expect(firstDelay).toBeLessThanOrEqual(11 * SECOND);

    t.clock.advance(firstDelay);
    await t.services.jobs.runDue();
    job = await row(t, 'f');
    const secondDelay = Date.parse(job.run_at) - t.clock.now().getTime();
    expect(secondDelay).toBeGreaterThanOrEqual(20 * SECOND);
    expect(secondDelay).toBeLessThanOrEqual(22 * SECOND);

    t.clock.advance(secondDelay);
    await t.services.jobs.runDue();
    job = await row(t, 'f');
    expect(job).toMatchObject({ status: 'dead', attempts: 3, last_error: 'refused for [address] (3)' });
    expect(deadWith).toEqual(['refused for [address] (3)']);
    expect(await t.services.jobs.counts()).toMatchObject({ dead: 1, pending: 0 });

    // Dead stays dead, however long one waits.
    t.clock.advance(24 * 60 * MINUTE);
    await t.services.jobs.runDue();
    expect(failures).toBe(3);

    expect(await t.services.jobs.revive({ key: 'f' })).toBe(true);
    expect(await t.services.jobs.revive({ key: 'f' })).toBe(false);
    await t.services.jobs.runDue();
    expect(await row(t, 'f')).toMatchObject({ status: 'done', attempts: 1 });
    expect(failures).toBe(4);
  });

  it('makes a job dead at once on a permanent failure', async () => {
    const t = await app();
    t.services.jobs.define({
      kind: 'test.permanent',
      label: { fr: 'Test', en: 'Test' },
      async run() {
        throw new PermanentJobFailure('550 no such mailbox');
      },
    });
    await t.services.jobs.schedule(t.db.database.db, { kind: 'test.permanent', key: 'p', runAt: t.clock.now() });
    await t.services.jobs.runDue();
    expect(await row(t, 'p')).toMatchObject({ status: 'dead', attempts: 1, last_error: '550 no such mailbox' });
  });

  it('undoes the effect of a job whose lease another worker took meanwhile: the effect happens once', async () => {
    const t = await app();
    let runs = 0;
    t.services.jobs.define({
      kind: 'test.slow',
      label: { fr: 'Test', en: 'Test' },
      async run(_payload, run) {
        runs++;
        if (runs === 1) {
          // This worker stalls past its lease; another takes the job (its claim replaces the lease token).
          await t.db.database.db.updateTable('jobs').set({ lease_token: 'another worker' }).where('key', '=', 's').execute();
        }
        await run.finish(async (trx) => {
          await trx.insertInto('app_settings').values({ key: `ran:${runs}`, value: 'yes', updated_at: new Date().toISOString() }).execute();
        });
      },
    });
    await t.services.jobs.schedule(t.db.database.db, { kind: 'test.slow', key: 's', runAt: t.clock.now() });
    await t.services.jobs.runDue();
    // The stalled worker's effect was rolled back; the job is still the other worker's to finish.
    expect(await effects(t)).toEqual([]);
    expect(await row(t, 's')).toMatchObject({ status: 'pending', lease_token: 'another worker' });

    // The other worker died too: once its lease expires, the job runs again, and its effect is kept.
    t.clock.advance(LEASE_MS);
    await t.services.jobs.runDue();
    expect(await effects(t)).toEqual(['2']);
    expect(await row(t, 's')).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('runs each job exactly once when two instances work at the same time', async () => {
    const t = await app();
    // PostgreSQL: a second instance with a pool of its own (FOR UPDATE SKIP LOCKED keeps them apart). SQLite: the same
    // connection, as two SQLite connections in one process would block each other's event loop.
    const second = await buildSecondApp(t, { sameConnection: dialect === 'sqlite' });
    onTestFinished(() => second.close());
    const ran: string[] = [];
    defineRecorder(t.services.jobs, ran);
    defineRecorder(second.services.jobs, ran);
    const names = Array.from({ length: 45 }, (_, n) => `job-${String(n).padStart(2, '0')}`);
    await t.services.jobs.scheduleAll(
      t.db.database.db,
      names.map((name) => ({ kind: 'test.record', key: name, payload: { name }, runAt: t.clock.now() })),
    );
    await Promise.all([t.services.jobs.runDue(), second.services.jobs.runDue(), t.services.jobs.runDue(), second.services.jobs.runDue()]);
    while (await t.services.jobs.runDue());
    expect(ran.sort()).toEqual(names);
    expect(await effects(t)).toEqual(names);
    expect(await t.services.jobs.counts()).toMatchObject({ pending: 0, done: 45, dead: 0 });
  });

  it('keeps one recurring job however many instances start, runs it every period, and never lets it die', async () => {
    const t = await app();
    const second = await buildSecondApp(t, { sameConnection: dialect === 'sqlite' });
    onTestFinished(() => second.close());
    let runs = 0;
    for (const jobs of [t.services.jobs, second.services.jobs]) {
      jobs.define({
        kind: 'test.every-hour',
        label: { fr: 'Test', en: 'Test' },
        everyMs: 60 * MINUTE,
        maxAttempts: 1,
        async run() {
          runs++;
          if (runs === 2) throw new Error('database busy');
        },
      });
    }
    await t.services.jobs.ensureRecurring('test.every-hour');
    await second.services.jobs.ensureRecurring('test.every-hour');
    await t.services.jobs.ensureRecurring('test.every-hour');
    expect(await t.db.database.db.selectFrom('jobs').select('id').where('kind', '=', 'test.every-hour').execute()).toHaveLength(1);

    await Promise.all([t.services.jobs.runDue(), second.services.jobs.runDue()]);
    expect(runs).toBe(1);
    expect(await row(t, 'test.every-hour')).toMatchObject({ status: 'pending', attempts: 0, run_at: new Date(t.clock.now().getTime() + 60 * MINUTE).toISOString() });

    t.clock.advance(60 * MINUTE);
    await second.services.jobs.runDue();
    expect(runs).toBe(2);
    // Failed, with one attempt allowed: still pending, back within the period.
    const failed = await row(t, 'test.every-hour');
    expect(failed).toMatchObject({ status: 'pending', last_error: 'database busy' });
    expect(Date.parse(failed.run_at) - t.clock.now().getTime()).toBeLessThanOrEqual(60 * MINUTE);

    t.clock.advance(60 * MINUTE);
    await t.services.jobs.runDue();
    expect(runs).toBe(3);
    expect(await row(t, 'test.every-hour')).toMatchObject({ status: 'pending', attempts: 0, last_error: null });
  });

  it('moves or cancels a job not yet run, and leaves one that ran alone', async () => {
    const t = await app();
    const ran: string[] = [];
    defineRecorder(t.services.jobs, ran);
    const db = t.db.database.db;
    const inAnHour = new Date(t.clock.now().getTime() + 60 * MINUTE);
    await t.services.jobs.scheduleAll(db, [
      { kind: 'test.record', key: 'moved', payload: { name: 'moved' }, runAt: inAnHour },
      { kind: 'test.record', key: 'cancelled', payload: { name: 'cancelled' }, runAt: inAnHour },
      { kind: 'test.record', key: 'now', payload: { name: 'now' }, runAt: t.clock.now() },
    ]);
    await t.services.jobs.runDue();
    expect(await t.services.jobs.reschedule(db, 'moved', new Date(t.clock.now().getTime() + 5 * MINUTE))).toBe(true);
    expect(await t.services.jobs.cancel(db, 'cancelled')).toBe(true);
    expect(await t.services.jobs.reschedule(db, 'now', inAnHour)).toBe(false);
    expect(await t.services.jobs.cancel(db, 'now')).toBe(false);

    t.clock.advance(5 * MINUTE);
    await t.services.jobs.runDue();
    t.clock.advance(60 * MINUTE);
    await t.services.jobs.runDue();
    expect(ran).toEqual(['now', 'moved']);
    expect(await row(t, 'cancelled')).toMatchObject({ status: 'cancelled' });
  });

  it('deletes finished jobs after 30 days and dead ones after 90, daily, and keeps the younger ones', async () => {
    const t = await app();
    const DAY = 24 * 60 * MINUTE;
    const now = t.clock.now().getTime();
    const ago = (days: number) => new Date(now - days * DAY).toISOString();
    const finished = (key: string, status: 'done' | 'cancelled' | 'dead', days: number) => ({
      id: key,
      kind: 'test.old',
      key,
      payload: '{}',
      status,
      run_at: ago(days),
      attempts: 1,
      max_attempts: 1,
      lease_token: null,
      locked_until: null,
      last_error: null,
      created_at: ago(days),
      finished_at: ago(days),
    });
    await t.db.database.db
      .insertInto('jobs')
      .values([finished('done-31', 'done', 31), finished('done-29', 'done', 29), finished('cancelled-31', 'cancelled', 31), finished('dead-91', 'dead', 91), finished('dead-89', 'dead', 89)])
      .execute();
    await t.services.jobs.scheduleHousekeeping();
    await t.services.jobs.runUntilIdle(['jobs.housekeeping']);
    const left = await t.db.database.db.selectFrom('jobs').select('key').where('kind', '=', 'test.old').orderBy('key').execute();
    expect(left.map((r) => r.key)).toEqual(['dead-89', 'done-29']);
    // Recurring: it is due again a day later.
    expect(await row(t, 'jobs.housekeeping')).toMatchObject({ status: 'pending', run_at: new Date(now + DAY).toISOString() });
  });

  it('shows dead jobs to the owner in the back office, who runs one again from there', async () => {
    const t = await app();
    let attempts = 0;
    t.services.jobs.define({
      kind: 'test.mail',
      label: { fr: 'Envoi de test', en: 'Test delivery' },
      maxAttempts: 1,
      async run() {
        attempts++;
        if (attempts === 1) throw new Error('connection refused');
      },
    });
    await t.services.jobs.schedule(t.db.database.db, { kind: 'test.mail', key: 'm', runAt: t.clock.now() });
    await t.services.jobs.runDue();
    const owner = await loggedInOwner(t);

    // The dashboard says so, with a link to the jobs page.
    const dashboard = await owner.get('/admin');
    expect(pageText(dashboard.body)).toContain('1 tâche en échec : vérifiez la page Tâches.'.replace(' :', '\u00a0:'));
    expect(dashboard.body).toContain('href="/admin/taches?etat=dead"');

    const page = await owner.get('/admin/taches?etat=dead');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('1 tâche est en échec et attend une relance.');
    expect(text).toContain('Envoi de test');
    expect(text).toContain('connection refused');

    const { id } = await row(t, 'm');
    const retried = await owner.post(`/admin/taches/${id}/relancer`);
    expect(retried.statusCode).toBe(303);
    expect(await row(t, 'm')).toMatchObject({ status: 'pending', attempts: 0 });
    // A job that is not dead is not run again by hand.
    expect((await owner.post(`/admin/taches/${id}/relancer`)).statusCode).toBe(409);
    expect((await owner.post('/admin/taches/no-such-job/relancer')).statusCode).toBe(404);
    await t.services.jobs.runDue();
    expect(await row(t, 'm')).toMatchObject({ status: 'done' });
  });
});

it('replaces e-mail addresses in job errors', () => {
  expect(withoutAddresses('550 5.1.1 <claire.martin@example.fr>: Recipient address rejected')).toBe('550 5.1.1 <[address]>: Recipient address rejected');
  expect(withoutAddresses('ECONNREFUSED 127.0.0.1:25')).toBe('ECONNREFUSED 127.0.0.1:25');
});

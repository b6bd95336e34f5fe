import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER } from '../../../test/support/admin-client.js';
import { createTestApp, TEST_NOW, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { liveRegistersOf } from '../../app.js';
import { newId } from '../../platform/ids.js';
import { cutoffBefore, type Duration, type RetentionRule } from '../../platform/privacy-register.js';

/**
 * Issue 8, item 11: « the retention run on records on both sides of each limit ». Every rule of the
 * live register is tested somewhere: with a record just inside its limit and one just outside, a
 * dry run counts only the outside one and changes nothing, a real run acts on it alone. Most rules
 * are tested beside their module (`testedBeside`); those that were not are tested here, the same
 * way for each (`cases`). A rule added to the register without a test fails the first test below.
 */
const live = liveRegistersOf('x'.repeat(40), ['stripe', 'paypal']);
const rules = live.flatMap((r) => r.retention ?? []);
const ruleOf = (id: string): RetentionRule => rules.find((r) => r.id === id)!;

/** Where the rules tested beside their module are: a record each side of the limit, a dry run, a real run. */
const testedBeside: Record<string, string> = {
  'customers.notes': 'src/modules/customers/customers.personal-data.db.test.ts',
  'customers.inactive': 'src/modules/customers/customers.personal-data.db.test.ts',
  'bookings.inactive-customers': 'src/modules/customers/customers.personal-data.db.test.ts',
  // By design acts on nothing: the feed itself leaves out what started more than 30 days ago (tested to return 0 and the feed checked).
  'bookings.calendar-feed': 'src/modules/customers/customers.personal-data.db.test.ts',
  'invoices.active-life': 'src/modules/legal-archive/legal-archive.db.test.ts',
  'payments.active-life': 'src/modules/legal-archive/legal-archive.db.test.ts',
  'payments.unpaid-attempts': 'src/modules/legal-archive/legal-archive.db.test.ts',
  'payments.provider-events': 'src/modules/legal-archive/legal-archive.db.test.ts',
  'legal-archive.expired': 'src/modules/legal-archive/legal-archive.db.test.ts',
  'outbox.messages': 'src/modules/outbox/outbox.db.test.ts',
  'outbox.eml-copies': 'src/modules/outbox/outbox.personal-data.db.test.ts',
  'webhooks.deliveries': 'src/modules/webhooks/webhooks.personal-data.db.test.ts',
  'admin.sessions': 'src/modules/admin/admin.personal-data.db.test.ts',
  'admin.links': 'src/modules/admin/admin.personal-data.db.test.ts',
  // By design act on nothing by time: the profile is replaced when saved, the published versions stay while the site runs.
  'legal.published-versions': 'src/modules/settings/settings.personal-data.db.test.ts',
  'settings.profile': 'src/modules/settings/settings.personal-data.db.test.ts',
  'customer-space.links': 'src/modules/customer-space/customer-space.routes.test.ts',
  'customer-space.sessions': 'src/modules/customer-space/customer-space.routes.test.ts',
  'restrictions.lifted': 'src/modules/restrictions/restrictions.db.test.ts',
  'restrictions.objections': 'src/modules/restrictions/restrictions.db.test.ts',
};

/** Tested here: those without a test on both sides of their limit beside their module. */
const testedHere = ['payments.paid-attempts', 'privacy.erased-subjects', 'privacy.access-archives', 'restrictions.notices', 'privacy-requests.unconfirmed', 'privacy-requests.closed', 'admin.accounts'];

describe('the retention rules of the live register', () => {
  it('are each tested on both sides of their limit, here or beside their module', () => {
    expect(new Set(rules.map((r) => r.id))).toEqual(new Set([...Object.keys(testedBeside), ...testedHere]));
    for (const [id, file] of Object.entries(testedBeside)) {
      expect(existsSync(file), file).toBe(true);
      expect(readFileSync(file, 'utf8'), `${file} runs ${id}`).toContain(`'${id}'`);
    }
  });
});

const MINUTE = 60_000;

/** `duration` after `instant`, on the calendar (the inverse of cutoffBefore for the days used here). */
function after(instant: Date, duration: Duration): Date {
  const at = new Date(instant);
  at.setUTCFullYear(at.getUTCFullYear() + (duration.years ?? 0));
  at.setUTCMonth(at.getUTCMonth() + (duration.months ?? 0));
  at.setUTCDate(at.getUTCDate() + (duration.days ?? 0));
  return at;
}

interface Case {
  id: string;
  /** Makes one record whose period starts at `at` (the clock is set to it). */
  seed(t: TestApp, at: Date, n: number): Promise<void>;
  /** The instants (ISO) the seeded records still there count from, sorted. */
  left(t: TestApp): Promise<string[]>;
  /** The record outside the limit, the one inside, and when the run happens; by default a minute each side of `keep`. */
  limits?: { outside: string; inside: string; now: string };
}

const START = new Date(TEST_NOW);
const iso = (rows: { at: string | null }[]) => rows.map((r) => new Date(r.at!).toISOString()).sort();

const cases: Case[] = [
  {
    // Two years after the end of the financial year (the calendar year, as the rule reads created_at): the
    // last attempt of 2026 is archived on 1 January 2029, the first of 2027 stays.
    id: 'payments.paid-attempts',
    limits: { outside: '2026-12-31T22:00:00.000Z', inside: '2027-01-01T00:30:00.000Z', now: '2029-01-01T08:00:00.000Z' },
    async seed(t, at, n) {
      const db = t.db.database.db;
      // The booking and its payment are made today; only the attempt is dated at the limit.
      t.clock.set(TEST_NOW);
      const { booking } = await t.services.booking.bookSlot(bookingRequest({ start: `2026-12-0${n + 2}T10:00:00+01:00`, customer: { email: `paye.${n}@example.fr` } }), apiOptions());
      await t.services.payments.record(booking.id, { method: 'cash', amount: '49' }, 'fr');
      const payment = await db.selectFrom('payments').select('id').where('booking_id', '=', booking.id).executeTakeFirstOrThrow();
      const id = newId();
      const atIso = at.toISOString();
      await db
        .insertInto('payment_attempts')
        .values({ id, booking_id: booking.id, provider: 'stripe', purpose: 'full', amount_cents: 4900, currency: 'EUR', status: 'succeeded', provider_ref: `cs_test_${id}`, provider_payment_ref: `pi_test_${id}`, fraud_outcome: null, idempotency_key: `ws-checkout-${id}`, redirect_url: null, expires_at: atIso, payment_id: payment.id, attention: null, created_at: atIso, updated_at: atIso })
        .execute();
    },
    left: async (t) => iso(await t.db.database.db.selectFrom('payment_attempts').select('created_at as at').where('payment_id', 'is not', null).execute()),
  },
  {
    id: 'privacy.erased-subjects',
    async seed(t, _at, n) {
      expect((await t.services.privacy.personalData.erase({ customerId: null, emails: [`efface.${n}@example.fr`] })).failed).toEqual([]);
    },
    left: async (t) => iso(await t.db.database.db.selectFrom('privacy_erased_subjects').select('erased_at as at').execute()),
  },
  {
    id: 'privacy.access-archives',
    async seed(t) {
      const subject = await t.services.privacy.personalData.subjectForEmail('archive.acces@example.fr');
      await t.services.privacy.personalData.produceAccessArchive(subject, 'fr');
    },
    left: async (t) => iso(await t.db.database.db.selectFrom('privacy_access_archives').select('created_at as at').execute()),
  },
  {
    id: 'restrictions.notices',
    async seed(t, _at, n) {
      await t.services.restrictions.recordRecipientNotice({ email: `notifie.${n}@example.fr` }, { event: 'erasure', recipient: 'Stripe', content: 'Données de paiement', method: 'Rien à transmettre' }, { by: 'owner@example.fr' });
    },
    left: async (t) => iso(await t.db.database.db.selectFrom('recipient_notices').select('notified_at as at').execute()),
  },
  {
    id: 'privacy-requests.unconfirmed',
    async seed(t, _at, n) {
      await t.services.rights.submit({ type: 'question', email: `non.confirme.${n}@example.fr`, details: 'Une question' }, 'fr');
    },
    left: async (t) => iso(await t.db.database.db.selectFrom('privacy_requests').select('created_at as at').where('email', 'like', 'non.confirme.%').where('status', '=', 'unconfirmed').execute()),
  },
  {
    // Closing a request takes the owner's steps (tested in rights.db.test.ts); here only its closing instant matters.
    id: 'privacy-requests.closed',
    async seed(t, at, n) {
      const email = `close.${n}@example.fr`;
      await t.services.rights.submit({ type: 'question', email, details: 'Une question' }, 'fr');
      await t.db.database.db.updateTable('privacy_requests').set({ status: 'closed', closed_at: at.toISOString() }).where('email', '=', email).execute();
    },
    left: async (t) => iso(await t.db.database.db.selectFrom('privacy_requests').select('closed_at as at').where('status', '=', 'closed').execute()),
  },
];

describeEachDialect('retention rules on both sides of their limit', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // Someone whose access archive can be produced.
    await t.services.booking.bookSlot(bookingRequest({ start: '2026-12-01T10:00:00+01:00', customer: { email: 'archive.acces@example.fr' } }), apiOptions());
  });
  afterAll(() => t?.close());

  /** Runs one rule as the engine does: in a transaction, with the legal archive's writer (payments.paid-attempts archives). */
  const run = (id: string, now: Date, dryRun: boolean) =>
    t.db.database.db.transaction().execute((trx) => ruleOf(id).apply({ db: trx, now, dataDir: t.db.dataDir, archive: t.services.legalArchive.writer }, cutoffBefore(now, ruleOf(id).keep), { dryRun }));

  for (const c of cases) {
    it(`${c.id}: a dry run counts only the record just outside its limit and changes nothing; the real run removes it alone`, async () => {
      const rule = ruleOf(c.id);
      const outside = new Date(c.limits?.outside ?? START);
      const inside = new Date(c.limits?.inside ?? START.getTime() + 2 * MINUTE);
      const now = new Date(c.limits?.now ?? after(outside, rule.keep).getTime() + MINUTE);
      const before = await c.left(t);
      for (const [n, at] of [outside, inside].entries()) {
        t.clock.set(at);
        await c.seed(t, at, n);
      }
      t.clock.set(now);
      expect(await c.left(t)).toEqual([...before, outside.toISOString(), inside.toISOString()].sort());
      // Nothing older was left by the cases before: the counts below are this case's.
      expect(await run(c.id, new Date(outside.getTime() - MINUTE), true)).toBe(0);

      expect(await run(c.id, now, true)).toBe(1);
      expect(await c.left(t)).toEqual([...before, outside.toISOString(), inside.toISOString()].sort());
      expect(await run(c.id, now, false)).toBe(1);
      expect(await c.left(t)).toEqual([...before, inside.toISOString()].sort());
      expect(await run(c.id, now, false)).toBe(0);
      t.clock.set(TEST_NOW);
    });
  }

  it('privacy.access-archives: the file went with its row, the one inside the limit stays', async () => {
    const files = await t.db.database.db.selectFrom('privacy_access_archives').select('file').execute();
    expect(files).toHaveLength(1);
    expect(readdirSync(path.join(t.db.dataDir, 'privacy', 'access'))).toEqual([files[0]!.file]);
  });

  it('admin.accounts acts on nothing by design: an account lasts until the owner removes the member (which deletes it at once)', async () => {
    await t.services.admin.createAccount(OWNER, 'fr');
    const far = new Date('2040-01-01T00:00:00Z');
    expect(await run('admin.accounts', far, true)).toBe(0);
    expect(await run('admin.accounts', far, false)).toBe(0);
    expect(await t.db.database.db.selectFrom('admin_users').select('id').execute()).toHaveLength(1);
  });
});

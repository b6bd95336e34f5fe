import { afterAll, beforeAll, expect, it } from 'vitest';
import { liveRegistersOf, registers } from '../../app.js';
import { registerProblems } from './register-problems.js';
import { retentionText } from '../../platform/privacy-register.js';
import { listTablesAndColumns } from '../../db/dialect.js';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';

describeEachDialect('processing register', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t?.close());

  it('declares every column of the live schema, as personal data or not', async () => {
    const live = await listTablesAndColumns(t.db.database.db, dialect);
    const declared = new Map(registers.flatMap((r) => r.tables).map((d) => [d.table, d]));
    const undeclared: string[] = [];
    for (const [table, columns] of live) {
      const declaration = declared.get(table);
      for (const column of columns) {
        const isPersonal = declaration && column in declaration.personal;
        const isNot = declaration?.nonPersonal.includes(column);
        if (!isPersonal && !isNot) undeclared.push(`${table}.${column}`);
        if (isPersonal && isNot) undeclared.push(`${table}.${column} (declared both ways)`);
      }
    }
    expect(undeclared, 'columns missing from the processing register (src/modules/*/*.register.ts)').toEqual([]);
  });

  it('gives every module with personal data its port, every activity its retention, every recipient its country', () => {
    // Static and as the server runs it, with every payment provider: a module that declares a personal column without a port fails here.
    expect(registerProblems(registers)).toEqual([]);
    const live = liveRegistersOf('x'.repeat(40), ['stripe', 'paypal']);
    expect(registerProblems(live)).toEqual([]);
    const withoutCountry = live.flatMap((r) => r.activities.flatMap((a) => a.recipients.filter((recipient) => !recipient.country).map((recipient) => `${a.id}: ${recipient.fr}`)));
    expect(withoutCountry).toEqual([]);
  });

  it('declares no table or column that does not exist', async () => {
    const live = await listTablesAndColumns(t.db.database.db, dialect);
    const stale: string[] = [];
    for (const declaration of registers.flatMap((r) => r.tables)) {
      const columns = live.get(declaration.table);
      if (!columns) {
        stale.push(declaration.table);
        continue;
      }
      for (const column of [...Object.keys(declaration.personal), ...declaration.nonPersonal]) if (!columns.includes(column)) stale.push(`${declaration.table}.${column}`);
    }
    expect(stale).toEqual([]);
  });

  it('ties every personal column to a complete processing activity', () => {
    const activities = new Map(registers.flatMap((r) => r.activities).map((a) => [a.id, a]));
    for (const declaration of registers.flatMap((r) => r.tables)) {
      for (const [column, uses] of Object.entries(declaration.personal)) {
        expect(uses.length, `${declaration.table}.${column} names no activity`).toBeGreaterThan(0);
        for (const id of uses) expect(activities.has(id), `${declaration.table}.${column} names unknown activity ${id}`).toBe(true);
      }
    }
    for (const activity of activities.values()) {
      for (const text of [activity.name, activity.purpose, activity.dataSubjects, ...activity.dataCategories, ...activity.recipients]) {
        expect(text.fr.trim()).not.toBe('');
        expect(text.en.trim()).not.toBe('');
      }
    }
  });

  it('publishes a privacy policy that lists every activity, and its version', async () => {
    for (const [url, locale] of [
      ['/politique-de-confidentialite', 'fr'],
      ['/en/privacy-policy', 'en'],
    ] as const) {
      const page = await t.app.inject(url);
      expect(page.statusCode).toBe(200);
      // The register as configured (no online payment provider here): every activity it holds is on the page.
      for (const activity of t.services.privacy.activities) {
        expect(page.body).toContain(escape(activity.name[locale]));
        expect(page.body).toContain(escape(retentionText(activity, t.services.privacy.retentionRules, locale)));
        expect(page.body).toContain(escape(activity.purpose[locale]));
      }
      expect(page.body).toContain(t.services.privacy.policy.version);
    }
    const old = await t.app.inject(`/politique-de-confidentialite?version=${t.services.privacy.policy.version}`);
    expect(old.body).toContain('publiée le');
    const unknown = await t.app.inject('/politique-de-confidentialite?version=000000000000');
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain('Cette version n’existe pas\u00a0; voici la version en vigueur.');
    const terms = await t.app.inject('/en/terms-of-sale?version=000000000000');
    expect(terms.body).toContain('This version does not exist; here is the current version.');
  });

  it('shows the collection notice, from the register, where booking data is collected', async () => {
    const form = await t.app.inject(`/services/diagnostic-informatique/reserver?start=${encodeURIComponent(MONDAY_10)}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('responsable du traitement');
    expect(form.body).toContain('3\u00a0ans après votre dernière réservation');
    expect(form.body).toContain('href="/politique-de-confidentialite"');
  });

  it('keeps its retention promises: customers are anonymised 3 years after their last booking, mails deleted after 90 days', async () => {
    const { booking, privacy } = t.services;
    const old = await booking.bookSlot(
      { service: 'diagnostic-informatique', start: MONDAY_10, customer: customer({ email: 'old@example.fr' }), requestEarlyPerformance: true },
      { locale: 'fr', source: 'api', requireTermsAcceptance: false },
    );
    // Nothing is due yet.
    let reports = await privacy.runRetention(t.clock.now());
    expect(reports.find((r) => r.activity === 'bookings')?.anonymised).toBe(0);
    expect((await booking.getById(old.booking.id)).customer.email).toBe('old@example.fr');

    // Three years and a day after the booking took place.
    const later = new Date(Date.parse('2029-12-01T12:00:00Z'));
    reports = await privacy.runRetention(later);
    expect(reports.find((r) => r.activity === 'bookings')?.anonymised).toBeGreaterThanOrEqual(1);
    const anonymised = await booking.getById(old.booking.id);
    expect(anonymised.customer).toEqual({ lastName: null, firstName: null, company: null, country: null, email: '', phone: null, address: null });
    expect(anonymised.reference).toBe(old.booking.reference);
    expect(reports.find((r) => r.activity === 'transactional-email')?.deleted).toBe(0); // still pending: never deleted
  });
});

/** How Preact escapes text in HTML. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

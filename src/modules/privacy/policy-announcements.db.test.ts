import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loggedInOwner, pageText, type AdminClient } from '../../../test/support/admin-client.js';
import { createTestApp, customer, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { adminPaths, paths } from '../../platform/http/paths.js';
import { retentionText } from '../../platform/privacy-register.js';
import { ANNOUNCE_JOB } from './policy-announcements.service.js';

/**
 * A new version of the privacy policy (issue 8 item 3): the first one is in force silently; a
 * change (the owner renames the business) is in force at once and waits on the dashboard and on
 * /admin/politique, with its changes and a preview, until the owner publishes it. Publishing
 * answers at once; the mail to every customer goes in batches of jobs through the outbox, in each
 * customer's language, and every public page shows the notice for 30 days. Every version stays
 * readable. The record of processing (art. 30) as a page and a CSV.
 */
const NBSP = '\u00a0';
const MAIL_KIND = 'privacy.policy-changed';

describeEachDialect('announcing a new privacy policy', (dialect) => {
  let t: TestApp;
  let owner: AdminClient;
  let firstVersion: string;

  const mails = () => t.db.database.db.selectFrom('outbox_messages').select(['recipient', 'locale', 'subject', 'text_body']).where('kind', '=', MAIL_KIND).orderBy('recipient').execute();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await loggedInOwner(t);
    firstVersion = t.services.privacy.policy.version;
    // Three customers who booked (one in English), and 200 more: three batches of 100.
    for (const [email, locale, start] of [
      ['claire@example.fr', 'fr', '2026-11-30T10:00:00+01:00'],
      ['john@example.com', 'en', '2026-11-30T14:00:00+01:00'],
      ['lea@example.fr', 'fr', '2026-12-01T10:00:00+01:00'],
    ] as const) {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', payload: { service: 'diagnostic-informatique', start, customer: customer({ email }), locale, requestEarlyPerformance: true } });
      expect(response.statusCode, response.body).toBe(201);
    }
    const now = t.clock.now().toISOString();
    await t.db.database.db
      .insertInto('customers')
      .values(
        Array.from({ length: 200 }, (_, i) => ({
          id: `zz-${String(i).padStart(3, '0')}`,
          email: `client${i}@example.org`,
          email_normalised: `client${i}@example.org`,
          last_name: null,
          first_name: null,
          company: null,
          country: null,
          phone: null,
          address_line1: null,
          address_line2: null,
          address_postal_code: null,
          address_city: null,
          address_country: null,
          search_text: `client${i}@example.org`,
          sort_key: `client${i}@example.org`,
          last_booking_at: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await t.services.jobs.runUntilIdle();
  });
  afterAll(() => t?.close());

  it('puts the first version in force silently: no notice, nothing to publish, no mail', async () => {
    const history = await t.services.announcements.history();
    expect(history).toMatchObject([{ version: firstVersion, silent: true, previousVersion: null }]);
    expect(await t.services.announcements.isPending()).toBe(false);
    expect(pageText((await owner.get(adminPaths.privacyPolicy)).body)).toContain('Vos clients ont été informés de la version en vigueur. Rien à publier.');
    expect(pageText((await owner.get(adminPaths.dashboard)).body)).not.toContain('La politique de confidentialité a changé');
    expect((await t.app.inject('/')).body).not.toContain('data-policy-notice');
    expect(await mails()).toEqual([]);
  });

  it('on a site that published policies before announcements existed, waits for the owner to announce the version in force', async () => {
    const db = t.db.database.db;
    const saved = await db.selectFrom('privacy_policy_announcements').selectAll().execute();
    const current = t.services.privacy.policy.version;
    const earlier = await db.selectFrom('legal_documents').selectAll().where('kind', '=', 'privacy-policy').where('version', '=', current).execute();
    try {
      await db.deleteFrom('privacy_policy_announcements').execute();
      // The version customers were shown before the upgrade: same documents under another version, published earlier.
      await db.insertInto('legal_documents').values(earlier.map((row) => ({ ...row, version: '000000upgrade', published_at: '2026-01-05T09:00:00.000Z' }))).execute();
      await t.services.announcements.recordFirstVersion();
      expect(await t.services.announcements.history()).toMatchObject([{ version: '000000upgrade', silent: true }]);
      expect(await t.services.announcements.isPending()).toBe(true);
    } finally {
      await db.deleteFrom('privacy_policy_announcements').execute();
      await db.deleteFrom('legal_documents').where('version', '=', '000000upgrade').execute();
      if (saved.length > 0) await db.insertInto('privacy_policy_announcements').values(saved).execute();
    }
  });

  it('shows a changed policy in force at once, and to the owner with its changes and a preview until published', async () => {
    t.clock.advance(60_000);
    const { logo: _logo, ...profile } = t.services.settings.snapshot();
    await t.services.settings.save({ ...profile, name: 'Atelier W' });
    const current = t.services.privacy.policy;
    expect(current.version).not.toBe(firstVersion);
    // The page is true of the code at once.
    expect(pageText((await t.app.inject(paths.privacyPolicy('fr'))).body)).toContain('que traite Atelier W');

    const dashboard = (await owner.get(adminPaths.dashboard)).body;
    expect(pageText(dashboard)).toContain('À traiter');
    expect(pageText(dashboard)).toContain('La politique de confidentialité a changé et vos clients n’en ont pas encore été informés. Relire et publier');
    expect(dashboard).toContain(`href="${adminPaths.privacyPolicy}"`);

    const page = await owner.get(adminPaths.privacyPolicy);
    const text = pageText(page.body);
    expect(text).toContain(`La version ${current.version} est en ligne, mais vos clients n’en ont pas encore été informés. Voici ce qui change depuis la version ${firstVersion}`);
    expect(text).toMatch(/Retiré\s?: Cette politique décrit les données personnelles que traite W Services/);
    expect(text).toMatch(/Ajouté\s?: Cette politique décrit les données personnelles que traite Atelier W/);
    expect(page.body).toContain(`name="version" value="${current.version}"`);
    expect(text).toContain('Aperçu de la nouvelle version');
    // No mail before the owner publishes.
    expect(await mails()).toEqual([]);
  });

  it('refuses a publication of a version other than the one previewed, and changes nothing', async () => {
    const refused = await owner.post(adminPaths.privacyPolicyPublish, { version: firstVersion });
    expect(refused.statusCode).toBe(409);
    expect(pageText(refused.body)).toContain('La politique de confidentialité a changé depuis que vous avez ouvert cette page.');
    expect(await t.services.announcements.history()).toHaveLength(1);
  });

  it('publishes without waiting for the mails, then mails every customer in batches, each in their language', async () => {
    const version = t.services.privacy.policy.version;
    await owner.get(adminPaths.privacyPolicy);
    const published = await owner.post(adminPaths.privacyPolicyPublish, { version });
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe(`${adminPaths.privacyPolicy}?publiee=1`);
    // The request only scheduled the first batch.
    expect(await mails()).toEqual([]);
    expect(pageText((await owner.get(`${adminPaths.privacyPolicy}?publiee=1`)).body)).toContain('La nouvelle politique est publiée');

    await t.services.jobs.runUntilIdle([ANNOUNCE_JOB]);
    const sent = await mails();
    expect(sent).toHaveLength(203);
    expect(new Set(sent.map((m) => m.recipient)).size).toBe(203);
    const batches = await t.db.database.db.selectFrom('jobs').select('key').where('kind', '=', ANNOUNCE_JOB).execute();
    expect(batches).toHaveLength(3);

    const john = sent.find((m) => m.recipient === 'john@example.com')!;
    expect(john.locale).toBe('en');
    expect(john.subject).toBe('Atelier W: our privacy policy has changed');
    expect(john.text_body).toContain(`http://localhost:3000${paths.privacyPolicy('en')}?version=${version}`);
    expect(john.text_body).toContain(`http://localhost:3000${paths.privacyPolicyChanges('en')}?version=${version}`);
    const claire = sent.find((m) => m.recipient === 'claire@example.fr')!;
    expect(claire.subject).toBe(`Atelier W${NBSP}: notre politique de confidentialité a changé`);
    expect(claire.text_body).toContain('Notre politique de confidentialité a changé le jeudi 26 novembre 2026');
    expect(claire.text_body).toContain('n’a rien de publicitaire');
    expect(claire.text_body).toContain('Ce qui change');
    expect(claire.text_body).toContain('- Politique de confidentialité');

    const [latest] = await t.services.announcements.history();
    expect(latest).toMatchObject({ version, previousVersion: firstVersion, silent: false, customersMailed: 203 });
    expect(latest!.mailingDoneAt).not.toBeNull();
    expect(pageText((await owner.get(adminPaths.dashboard)).body)).not.toContain('La politique de confidentialité a changé');
    expect(pageText((await owner.get(adminPaths.privacyPolicy)).body)).toContain('203 clients informés');

    const again = await owner.post(adminPaths.privacyPolicyPublish, { version });
    expect(again.statusCode).toBe(409);
    expect(pageText(again.body)).toContain('déjà été annoncée');
  });

  it('shows the notice on every public page for 30 days, linking the changes; every version stays readable', async () => {
    const version = t.services.privacy.policy.version;
    for (const [url, expected] of [
      ['/', `Notre politique de confidentialité a changé le jeudi 26 novembre 2026. Voir les changements`],
      [paths.services('en'), 'Our privacy policy changed on Thursday, 26 November 2026. See the changes'],
      [paths.terms('fr'), 'Notre politique de confidentialité a changé le jeudi 26 novembre 2026.'],
    ] as const) {
      const body = (await t.app.inject(url)).body;
      expect(pageText(body), url).toContain(expected);
      expect(body).toMatch(new RegExp(`href="${paths.privacyPolicyChanges(url.startsWith('/en') ? 'en' : 'fr')}\\?version=${version}"`));
    }
    const changes = await t.app.inject(`${paths.privacyPolicyChanges('fr')}?version=${version}`);
    expect(changes.statusCode).toBe(200);
    expect(pageText(changes.body)).toContain(`remplace la version ${firstVersion}`);
    expect(pageText(changes.body)).toMatch(/Ajouté\s?: Cette politique décrit les données personnelles que traite Atelier W/);
    expect((await t.app.inject(`${paths.privacyPolicyChanges('en')}?version=${version}`)).body).toContain('Added:');
    for (const bad of ['?version=000000000000', '?version=nope', '']) expect((await t.app.inject(`${paths.privacyPolicyChanges('fr')}${bad}`)).statusCode).toBe(404);
    // The first version, whole, with its date.
    const old = pageText((await t.app.inject(`${paths.privacyPolicy('fr')}?version=${firstVersion}`)).body);
    expect(old).toContain(`Version ${firstVersion}, publiée le jeudi 26 novembre 2026.`);
    expect(old).toContain('que traite W Services');

    t.clock.advance(30 * 86_400_000);
    expect((await t.app.inject('/')).body).not.toContain('data-policy-notice');
  });

  it('announces again a version announced before when it is in force again (the owner undid a change)', async () => {
    // The clock moved 30 days on: the session ended.
    owner = await loggedInOwner(t);
    const { logo: _logo, ...profile } = t.services.settings.snapshot();
    await t.services.settings.save({ ...profile, name: 'W Services' });
    expect(t.services.privacy.policy.version).toBe(firstVersion);
    expect(await t.services.announcements.isPending()).toBe(true);
    await owner.get(adminPaths.privacyPolicy);
    expect((await owner.post(adminPaths.privacyPolicyPublish, { version: firstVersion })).statusCode).toBe(303);
    await t.services.jobs.runUntilIdle([ANNOUNCE_JOB]);
    expect(await t.services.announcements.isPending()).toBe(false);
    const history = await t.services.announcements.history();
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ version: firstVersion, silent: false, customersMailed: 203 });
    expect(await mails()).toHaveLength(406);
    expect((await t.app.inject('/')).body).toContain(`data-policy-notice="${firstVersion}"`);
  });

  it('exports the record of processing activities as a page and a CSV for French Excel', async () => {
    const { activities } = t.services.privacy;
    const page = await owner.get(adminPaths.processingRecord);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('Registre des activités de traitement');
    expect(text).toContain(t.app.business.current().controllerName);
    for (const activity of activities) expect(page.body).toContain(`data-activity="${activity.id}"`);
    expect(text).toContain('Mesures de sécurité');
    expect((await owner.get(adminPaths.privacyPolicy)).body).toContain(`href="${adminPaths.processingRecordCsv}"`);

    const csv = await owner.get(adminPaths.processingRecordCsv);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="registre-des-traitements-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { delimiter: ';', record_delimiter: '\r\n' }) as string[][];
    expect(rows[0]!.slice(0, 6)).toEqual(['Traitement', 'Identifiant', 'Module', 'Responsable', 'Finalité', 'Base légale']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(activities.map((a) => a.id));
    const bookings = rows.find((r) => r[1] === 'bookings')!;
    expect(bookings[10]).toBe(retentionText(activities.find((a) => a.id === 'bookings')!, t.services.privacy.retentionRules, 'fr'));
  });

  it('keeps these pages for the owner: declared owner-only (staff get 403 from the guard), closed without a session', async () => {
    for (const url of [adminPaths.privacyPolicy, adminPaths.privacyPolicyPublish, adminPaths.processingRecord, adminPaths.processingRecordCsv]) {
      const declared = t.routes.filter((r) => r.url === url);
      expect(declared.length, url).toBeGreaterThan(0);
      expect(declared.every((r) => r.ownerOnly), url).toBe(true);
    }
    expect((await t.app.inject(adminPaths.processingRecordCsv)).statusCode).toBe(303);
  });
});

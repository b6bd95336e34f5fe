import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, customer, MONDAY_10, TEST_SECRET, type TestApp } from '../../../test/support/app.js';
import { AdminClient, fieldErrorOf, formValues, loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildSecondApp, type SecondApp } from '../../../test/support/second-app.js';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import type { DialectName } from '../../db/dialect.js';
import type { Attachment } from '../outbox/index.js';

const SETTINGS = '/admin/parametres';

/** The settings form as the page fills it, with `changes` typed over it. */
async function settingsForm(client: AdminClient, changes: Record<string, string> = {}): Promise<Record<string, string>> {
  const page = await client.get(SETTINGS);
  expect(page.statusCode).toBe(200);
  return { ...(formValues(page.body, SETTINGS) as Record<string, string>), ...changes };
}

/** A multipart upload as a browser sends it, with the client's cookies and the page's CSRF token. */
async function upload(t: Pick<TestApp, 'app'>, client: AdminClient, file: { bytes: Buffer; filename: string; type: string } | undefined, csrf = client.csrfToken!) {
  const boundary = '----wservices-test-boundary';
  const parts: Buffer[] = [Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`)];
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="logo"; filename="${file.filename}"\r\ncontent-type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return t.app.inject({
    method: 'POST',
    url: `${SETTINGS}/logo`,
    remoteAddress: client.remoteAddress,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'accept-language': client.options.locale ?? 'fr',
      cookie: [...client.cookies].map(([n, v]) => `${n}=${v}`).join('; '),
    },
    payload: Buffer.concat(parts),
  });
}

const png = () => sharp({ create: { width: 300, height: 100, channels: 4, background: { r: 29, g: 78, b: 137, alpha: 1 } } }).png().toBuffer();
const svgLogo = (inner = '<rect width="120" height="40" fill="#1d4e89"/>') => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">${inner}</svg>`);

describeEachDialect('settings: the business profile at /admin/parametres', (dialect: DialectName) => {
  let t: TestApp;
  let second: SecondApp;
  let owner: AdminClient;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    second = await buildSecondApp(t);
    owner = await loggedInOwner(t);
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('shows the profile in force, every field filled, for the owner', async () => {
    const page = await owner.get(SETTINGS);
    expect(page.statusCode).toBe(200);
    const values = formValues(page.body, SETTINGS);
    expect(values).toMatchObject({ name: 'W Services', city: 'Châtillon', country: 'FR', reminderHoursBefore: '24', cancellationCutoffHours: '24', vatRegime: 'number' });
    expect(pageText(page.body)).toContain('Il manque des mentions que la loi exige');
    expect(await t.app.inject({ method: 'GET', url: SETTINGS })).toMatchObject({ statusCode: 303 });
  });

  it('takes a SIRET typed with spaces as its 14 digits, and the change shows at once on the other instance', async () => {
    // The other instance has the home page in its page cache already: the save must not wait for it to expire.
    expect(pageText((await second.app.inject({ method: 'GET', url: '/' })).body)).toContain('W Services');
    expect(pageText((await second.app.inject({ method: 'GET', url: '/' })).body)).toContain('W Services');
    const form = await settingsForm(owner, {
      name: 'Atelier Ouerchfani',
      siret: '732 829 320 00074',
      vatRegime: 'exempt',
      phone: '01 23 45 67 89',
      mediatorName: 'CM2C',
      mediatorAddress: '14 rue Saint-Jean, 75017 Paris',
      mediatorWebsite: 'www.cm2c.net',
      hostName: 'OVH SAS',
      hostAddress: '2 rue Kellermann, 59100 Roubaix',
      reminderHoursBefore: '48',
      cancellationCutoffHours: '12',
    });
    const saved = await owner.post(SETTINGS, form);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${SETTINGS}?enregistre=1`);

    // The very next request to the other instance (its own connection pool) shows the new values.
    const home = await second.app.inject({ method: 'GET', url: '/' });
    expect(pageText(home.body)).toContain('Atelier Ouerchfani');
    const notice = pageText((await second.app.inject({ method: 'GET', url: '/mentions-legales' })).body);
    expect(notice).toContain('73282932000074');
    expect(notice).toContain('OVH SAS');
    const terms = pageText((await second.app.inject({ method: 'GET', url: '/conditions-generales-de-vente' })).body);
    expect(terms).toContain('293 B');
    expect(terms).toContain('CM2C');
    const current = await second.services.settings.current();
    expect(current).toMatchObject({ siret: '73282932000074', vatExempt: true, reminderHoursBefore: 48, cancellationCutoffHours: 12, mediator: { website: 'https://www.cm2c.net' } });

    // The new terms version is published before any booking records it, on both instances.
    const { booking } = await second.services.booking.bookSlot({ service: 'diagnostic-informatique', start: MONDAY_10, customer: customer(), requestEarlyPerformance: true }, { locale: 'fr', source: 'web', requireTermsAcceptance: false });
    expect(booking.termsVersion).toBe(t.services.legal.terms.version);
    const stored = await t.services.legal.version('terms', booking.termsVersion, 'fr');
    expect(stored?.document).toEqual(t.services.legal.terms.documents.fr);

    // Its mails come from the business as renamed (MAIL_FROM unset), without a restart.
    const [confirmation] = await second.services.outbox.forBooking(booking.id);
    expect(String(await second.services.outbox.eml(confirmation!))).toMatch(/^From: Atelier Ouerchfani <contact@wservicesparis\.com>\r?$/m);
  });

  it('puts a bad SIRET key, a bad VAT key and a half-given mediator beside their fields, in French or English, and changes nothing', async () => {
    const before = await t.services.settings.current();
    const form = await settingsForm(owner, { siret: '732 829 320 00075', vatRegime: 'number', vatNumber: 'FR41 303 265 045', mediatorName: 'CM2C', mediatorWebsite: '', name: '' });
    const refused = await owner.post(SETTINGS, form);
    expect(refused.statusCode).toBe(422);
    expect(fieldErrorOf(refused.body, 'siret')).toMatch(/^Ce numéro SIRET n’est pas valide\u00a0: sa clé de contrôle ne correspond pas/);
    expect(fieldErrorOf(refused.body, 'vatNumber')).toMatch(/^Ce numéro de TVA n’est pas valide/);
    expect(fieldErrorOf(refused.body, 'mediatorWebsite')).toMatch(/médiateur/);
    expect(fieldErrorOf(refused.body, 'name')).toBe('Indiquez le nom affiché.');
    // What the owner typed is shown back, to correct.
    expect(formValues(refused.body, SETTINGS)).toMatchObject({ siret: '732 829 320 00075' });

    const english = await loggedInOwner(t, { locale: 'en' });
    const inEnglish = await english.post(SETTINGS, await settingsForm(english, { siret: '1234', vatRegime: 'number', vatNumber: '', reminderHoursBefore: '-1' }));
    expect(fieldErrorOf(inEnglish.body, 'siret')).toBe('A SIRET number has 14 digits (spaces are fine), such as 732 829 320 00074.');
    expect(fieldErrorOf(inEnglish.body, 'vatNumber')).toMatch(/^Enter your intra-community VAT number, or choose the VAT exemption/);
    expect(fieldErrorOf(inEnglish.body, 'reminderHoursBefore')).toBe('Enter a whole number of hours, from 0 to 720 (30 days).');
    expect(await t.services.settings.current()).toEqual(before);
  });

  it('checks a VAT number against the SIRET it should share its SIREN with', async () => {
    const form = await settingsForm(owner, { siret: '732 829 320 00074', vatRegime: 'number', vatNumber: 'FR40 303 265 045' });
    const refused = await owner.post(SETTINGS, form);
    expect(fieldErrorOf(refused.body, 'vatNumber')).toBe('Ce numéro de TVA ne porte pas le même SIREN que votre numéro SIRET (ses 9 premiers chiffres).');
    const fixed = await owner.post(SETTINGS, { ...form, vatNumber: 'FR44 732 829 320' });
    expect(fixed.statusCode).toBe(303);
    expect((await t.services.settings.current()).vatNumber).toBe('FR44732829320');
  });

  it('takes a PNG logo: shown in both instances’ headers, with favicons, and attached inline to the mails', async () => {
    await owner.get(SETTINGS);
    const sent = await upload(t, owner, { bytes: await png(), filename: 'logo.png', type: 'image/png' });
    expect(sent.statusCode).toBe(303);
    const logo = (await t.services.settings.current()).logo!;
    expect(logo).toMatchObject({ contentType: 'image/png', width: 300, height: 100 });

    const home = (await second.app.inject({ method: 'GET', url: '/en/' })).body;
    expect(home).toContain(`<img class="brand__logo" src="/logo/${logo.id}.png" alt width="300" height="100"/><span>Atelier Ouerchfani</span>`);
    expect(home).toContain(`<link rel="icon" type="image/png" sizes="32x32" href="/logo/${logo.id}-32.png"/>`);
    const image = await second.app.inject({ method: 'GET', url: `/logo/${logo.id}.png` });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['cache-control']).toContain('immutable');
    const icon = await second.app.inject({ method: 'GET', url: `/logo/${logo.id}-32.png` });
    expect(await sharp(icon.rawPayload).metadata()).toMatchObject({ format: 'png', width: 32, height: 32 });
    expect((await t.app.inject({ method: 'GET', url: '/logo/0123456789abcdef0123456789abcdef.png' })).statusCode).toBe(404);

    const { booking } = await second.services.booking.bookSlot(
      { service: 'diagnostic-informatique', start: '2026-12-01T10:00:00+01:00', customer: customer({ email: 'logo@example.fr' }), requestEarlyPerformance: true },
      { locale: 'fr', source: 'web', requireTermsAcceptance: false },
    );
    const messages = await t.db.database.db.selectFrom('outbox_messages').select(['html_body', 'attachments']).where('booking_id', '=', booking.id).execute();
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(message.html_body).toContain(`src="cid:logo-${logo.id}@wservices"`);
      const inline = (JSON.parse(message.attachments) as Attachment[]).find((a) => a.cid);
      expect(inline).toMatchObject({ cid: `logo-${logo.id}@wservices`, contentType: 'image/png', encoding: 'base64' });
      expect((await sharp(Buffer.from(inline!.content, 'base64')).metadata()).format).toBe('png');
    }
  });

  it('refuses a file that is not an image whatever its name, an oversized one, and SVGs that script or fetch, each with its message', async () => {
    const before = (await t.services.settings.current()).logo;
    await owner.get(SETTINGS);
    const cases: [{ bytes: Buffer; filename: string; type: string }, number, RegExp][] = [
      [{ bytes: Buffer.from('GIF89a not really'), filename: 'logo.png', type: 'image/png' }, 422, /n’est pas une image PNG, JPEG ou SVG/],
      [{ bytes: Buffer.from('%PDF-1.7'), filename: 'logo.svg', type: 'image/svg+xml' }, 422, /n’est pas une image PNG, JPEG ou SVG/],
      [{ bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]), filename: 'logo.png', type: 'image/png' }, 422, /abîmée/],
      [{ bytes: Buffer.concat([await png(), Buffer.alloc(600 * 1024)]), filename: 'grand.png', type: 'image/png' }, 413, /dépasse 512\u00a0Ko/],
      [{ bytes: svgLogo('<script>alert(document.cookie)</script>'), filename: 'logo.svg', type: 'image/svg+xml' }, 422, /contient un script/],
      [{ bytes: svgLogo('<rect onload="alert(1)" width="1" height="1"/>'), filename: 'logo.svg', type: 'image/svg+xml' }, 422, /gestionnaire d’événement/],
      [{ bytes: svgLogo('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'), filename: 'logo.svg', type: 'image/svg+xml' }, 422, /objet étranger/],
      [{ bytes: svgLogo('<image href="https://tracker.example/p.png" width="1" height="1"/>'), filename: 'logo.svg', type: 'image/svg+xml' }, 422, /fait référence/],
    ];
    for (const [file, status, message] of cases) {
      const refused = await upload(t, owner, file);
      expect(refused.statusCode, file.filename).toBe(status);
      expect(fieldErrorOf(refused.body, 'logo')).toMatch(message);
    }
    const none = await upload(t, owner, undefined);
    expect(fieldErrorOf(none.body, 'logo')).toBe('Choisissez un fichier d’image (PNG, JPEG ou SVG).');
    // Without the page's CSRF token, nothing is read.
    expect((await upload(t, owner, { bytes: svgLogo(), filename: 'logo.svg', type: 'image/svg+xml' }, 'forged')).statusCode).toBe(403);
    expect((await t.services.settings.current()).logo).toEqual(before);
  });

  it('takes a clean SVG, served under a policy that runs nothing, and removes the logo on request', async () => {
    await owner.get(SETTINGS);
    expect((await upload(t, owner, { bytes: svgLogo(), filename: 'logo.svg', type: 'image/svg+xml' })).statusCode).toBe(303);
    const logo = (await t.services.settings.current()).logo!;
    expect(logo.contentType).toBe('image/svg+xml');
    const served = await second.app.inject({ method: 'GET', url: `/logo/${logo.id}.svg` });
    expect(served.headers['content-type']).toBe('image/svg+xml');
    expect(served.headers['content-security-policy']).toContain("default-src 'none'");
    expect(served.body).toBe(svgLogo().toString());
    // Mails get a PNG rasterised from it.
    const mailPng = await second.app.inject({ method: 'GET', url: `/logo/${logo.id}-mail.png` });
    expect((await sharp(mailPng.rawPayload).metadata()).format).toBe('png');

    await owner.get(SETTINGS);
    expect((await owner.post(`${SETTINGS}/logo/retirer`, {})).statusCode).toBe(303);
    expect((await t.services.settings.current()).logo).toBeUndefined();
    const home = (await second.app.inject({ method: 'GET', url: '/' })).body;
    expect(home).not.toContain('brand__logo');
    expect((await second.app.inject({ method: 'GET', url: `/logo/${logo.id}.svg` })).statusCode).toBe(404);
  });
});

describeEachDialect('settings: BUSINESS_FILE seeds the profile on the first start only', (dialect: DialectName) => {
  it('writes the file’s profile into an empty database, and ignores a changed file at the next start', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wservices-seed-'));
    const file = (name: string) => {
      const full = path.join(dir, `${name.replace(/\W/g, '')}.json`);
      writeFileSync(full, JSON.stringify({ name, siret: '732 829 320 00074' }));
      return full;
    };
    const t = await createTestApp(dialect, { seed: false, env: { BUSINESS_FILE: file('Atelier Premier') } });
    try {
      expect(t.services.settings.seeded).toBe(true);
      expect(t.services.settings.snapshot()).toMatchObject({ name: 'Atelier Premier', siret: '73282932000074' });
      const changed = loadConfig({ BASE_URL: 'http://localhost:3000', DATA_DIR: t.db.dataDir, LOG_LEVEL: 'silent', BUSINESS_FILE: file('Atelier Second') });
      const database = t.db.reopen();
      const restarted = await buildApp({ ...changed, secretKey: TEST_SECRET }, { database, logger: false });
      expect(restarted.services.settings.seeded).toBe(false);
      expect(restarted.services.settings.snapshot().name).toBe('Atelier Premier');
      await restarted.app.close();
      await database.close();
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

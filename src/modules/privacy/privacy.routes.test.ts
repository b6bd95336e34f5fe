import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import { createTestApp, TEST_NOW, type TestApp } from '../../../test/support/app.js';
import { AdminClient, loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { apiOptions, bookingRequest } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';

const STAFF = { email: 'staff@example.fr', password: 'une autre phrase de passe assez longue' };

async function zipNames(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<ZipFile>((resolve, reject) => fromBuffer(bytes, { lazyEntries: true }, (error, z) => (error ? reject(error) : resolve(z!))));
  const files = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) =>
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream!.on('data', (c: Buffer) => chunks.push(c));
        stream!.on('end', () => {
          files.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      }),
    );
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return files;
}

/** The owner answers access and erasure from a customer's page; the customer downloads the zip by its link for 3 days. */
describeEachDialect('access archive and erasure from the back office', (dialect) => {
  let t: TestApp;
  let owner: AdminClient;
  let staff: AdminClient;
  let customerId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await loggedInOwner(t);
    await t.services.admin.createAccount(STAFF, 'fr', 'staff');
    staff = new AdminClient(t);
    expect((await staff.login(STAFF)).statusCode).toBe(303);
    const { booking } = await t.services.booking.bookSlot(bookingRequest({ customer: { email: 'Claire.Martin@Example.fr' } }), apiOptions());
    customerId = booking.customerId!;
  });
  afterAll(() => t?.close());

  it('shows the two buttons to the owner only, and refuses them to staff (403)', async () => {
    const page = await owner.get(`/admin/clients/${customerId}`);
    expect(pageText(page.body)).toContain('Produire l’export de ses données');
    expect(pageText(page.body)).toContain('Effacer ce client');
    const seen = await staff.get(`/admin/clients/${customerId}`);
    expect(seen.statusCode).toBe(200);
    expect(pageText(seen.body)).not.toContain('Effacer ce client');
    expect((await staff.post(`/admin/clients/${customerId}/export-donnees`)).statusCode).toBe(403);
    expect((await staff.get(`/admin/clients/${customerId}/effacer`)).statusCode).toBe(403);
    expect((await staff.post(`/admin/clients/${customerId}/effacer`)).statusCode).toBe(403);
    expect((await owner.get('/admin/clients/inconnu/effacer')).statusCode).toBe(404);
  });

  it('produces the export, downloadable in French and English for 3 days, then a clear 410 page, and the retention run deletes it', async () => {
    await owner.get(`/admin/clients/${customerId}`);
    const produced = await owner.post(`/admin/clients/${customerId}/export-donnees`);
    expect(produced.statusCode).toBe(200);
    expect(pageText(produced.body)).toContain('Ce lien reste valable jusqu’au dimanche 29 novembre 2026 à 8\u00a0h');
    const url = /http:\/\/localhost:3000(\/mes-donnees\/[A-Za-z0-9_-]{43})/.exec(produced.body)?.[1];
    expect(url).toBeTruthy();

    const download = await t.app.inject(url!);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/zip');
    expect(download.headers['content-disposition']).toBe('attachment; filename="mes-donnees-personnelles.zip"');
    expect(download.headers['cache-control']).toBe('no-store');
    const files = await zipNames(download.rawPayload);
    const data = JSON.parse(files.get('data.json')!.toString('utf8'));
    expect(data).toMatchObject({ schema: 'wservices.personal-data/1', subject: { customerId, emails: ['claire.martin@example.fr'] } });
    const summary = files.get('resume.txt')!.toString('utf8');
    expect(summary).toContain('http://localhost:3000/mes-droits');
    expect(summary).toContain('CNIL');

    const token = url!.split('/').pop()!;
    expect((await t.app.inject(`/en/my-data/${token}`)).statusCode).toBe(200);
    const unknown = await t.app.inject('/mes-donnees/abc');
    expect(unknown.statusCode).toBe(404);
    expect(pageText(unknown.body)).toContain('Ce lien de téléchargement n’existe pas.');

    t.clock.set('2026-11-29T07:00:00.000Z');
    const expired = await t.app.inject(url!);
    expect(expired.statusCode).toBe(410);
    expect(pageText(expired.body)).toContain('Ce lien de téléchargement a expiré (il reste valable 3\u00a0jours)');
    const expiredEn = await t.app.inject(`/en/my-data/${token}`);
    expect(pageText(expiredEn.body)).toContain('This download link has expired');

    const run = await t.services.privacy.runRetentionRules(new Date('2026-11-29T07:00:01.000Z'));
    expect(run.rules.find((r) => r.rule === 'privacy.access-archives')).toMatchObject({ count: 1 });
    expect(await t.db.database.db.selectFrom('privacy_access_archives').selectAll().execute()).toEqual([]);
  });

  it('shows what will be erased, then erases and reports; the address is remembered as erased', async () => {
    // The test above moved the clock 3 days on, and its retention run swept the idle session away.
    t.clock.set(TEST_NOW);
    owner = await loggedInOwner(t);
    const confirm = await owner.get(`/admin/clients/${customerId}/effacer`);
    expect(confirm.statusCode).toBe(200);
    expect(pageText(confirm.body)).toContain('Ce que la loi oblige à conserver (factures, paiements, comptabilité) sera déplacé tel quel vers l’archive légale.');
    expect(await t.services.privacy.wasErased('claire.martin@example.fr')).toBe(false);

    const report = await owner.post(`/admin/clients/${customerId}/effacer`);
    expect(report.statusCode).toBe(200);
    const text = pageText(report.body);
    expect(text).toContain('Rapport d’effacement');
    expect(text).toContain('empreinte de votre adresse après effacement conservées 1');
    expect(await t.services.privacy.wasErased(' Claire.Martin@example.FR')).toBe(true);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { fieldErrorOf, loggedInOwner, type AdminClient } from '../../../test/support/admin-client.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';

/** A service's VAT rate is printed on every invoice: only the rates French law knows are taken (issue 7, item 12). */
describeEachDialect('the VAT rate of a service', (dialect: DialectName) => {
  let t: TestApp;
  let owner: AdminClient;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await loggedInOwner(t);
  });
  afterAll(() => t?.close());

  const service = (slug: string, vatRate: string) => ({
    slug,
    nameFr: 'Atelier',
    descriptionFr: 'Un atelier.',
    durationMinutes: '60',
    price: '30',
    vatRate,
    capacity: '1',
    bufferBeforeMinutes: '0',
    bufferAfterMinutes: '0',
    minNoticeMinutes: '0',
    horizonDays: '30',
    withdrawalPolicy: 'applies',
    location: 'business',
    active: 'on',
    position: '9',
  });

  it('refuses a rate French law does not know, beside its field, in French or English, and creates nothing', async () => {
    const before = (await t.services.catalog.listServices({ activeOnly: false })).length;
    await owner.get('/admin/prestations/nouvelle');
    for (const rate of ['19,6', '2', '7', '21']) {
      const refused = await owner.post('/admin/prestations/nouvelle', service(`atelier-${rate.replace(',', '-')}`, rate));
      expect(refused.statusCode, rate).toBe(422);
      expect(fieldErrorOf(refused.body, 'vatRate'), rate).toBe('Saisissez un taux de TVA français\u00a0: 20, 10, 5,5 ou 2,1 (13 ou 0,9 en Corse\u00a0; 8,5, 1,75 ou 1,05 outre-mer), ou 0.');
    }
    const english = await loggedInOwner(t, { locale: 'en' });
    await english.get('/admin/prestations/nouvelle');
    const inEnglish = await english.post('/admin/prestations/nouvelle', service('atelier-en', '19.6'));
    expect(fieldErrorOf(inEnglish.body, 'vatRate')).toBe('Enter a French VAT rate: 20, 10, 5.5 or 2.1 (13 or 0.9 in Corsica; 8.5, 1.75 or 1.05 overseas), or 0.');
    expect((await t.services.catalog.listServices({ activeOnly: false })).length).toBe(before);
  });

  it('takes each French rate, typed with a comma or a point', async () => {
    await owner.get('/admin/prestations/nouvelle');
    for (const [rate, bp] of [['5,5', 550], ['2.1', 210], ['10', 1000], ['0', 0], ['8,5 %', 850]] as const) {
      const slug = `atelier-ok-${bp}`;
      const created = await owner.post('/admin/prestations/nouvelle', service(slug, rate));
      expect(created.statusCode, rate).toBe(303);
      expect((await t.services.catalog.serviceBySlug(slug)).vatRateBp, rate).toBe(bp);
    }
  });
});

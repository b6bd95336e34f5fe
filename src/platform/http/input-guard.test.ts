import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { formValues, loggedInOwner, pageText } from '../../../test/support/admin-client.js';

describeEachDialect('NUL characters', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t?.close());

  it('are refused with a 400 in the reader’s language, wherever they come, and nothing is written', async () => {
    const before = await t.db.database.db.selectFrom('bookings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const attempts = [
      t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: { 'accept-language': 'en' }, payload: { service: 'diagnostic-informatique', start: MONDAY_10, customer: customer({ company: 'A\u0000B' }) } }),
      t.app.inject({ method: 'GET', url: '/api/v1/services/diagnostic-informatique/slots?from=2026-11-30%00&to=2026-11-30' }),
      t.app.inject({ method: 'GET', url: '/services/diagnostic%00' }),
      t.app.inject({ method: 'POST', url: '/services/diagnostic-informatique/reserver', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'customer.lastName=A%00B&start=x' }),
      t.app.inject({ method: 'POST', url: '/admin/connexion', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a%00@b.fr&password=x' }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.statusCode, response.body.slice(0, 200)).toBe(400);
    const english = await attempts[0]!;
    expect(english.json()).toEqual({ error: { code: 'NUL_CHARACTER', message: 'A field contains a NUL character, which cannot be stored. Remove it and try again.' } });
    const after = await t.db.database.db.selectFrom('bookings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describeEachDialect('control characters', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t?.close());

  const count = async () =>
    Number((await t.db.database.db.selectFrom('bookings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it.each([
    ['a bare CR', 'A\rB'],
    ['a vertical tab', 'A\u000bB'],
    ['ESC', 'A\u001bB'],
    ['DEL', 'A\u007fB'],
    ['a C1 control (NEL)', 'A\u0085B'],
    ['a line separator', 'A\u2028B'],
    ['a paragraph separator', 'A\u2029B'],
    ['a right-to-left override', 'A\u202eB'],
    ['a left-to-right embedding', 'A\u202aB'],
    ['a first-strong isolate', 'A\u2068B'],
    ['a pop directional isolate', 'A\u2069B'],
  ])('%s in any text is refused with a 400 in the reader’s language, and nothing is written', async (_name, text) => {
    const before = await count();
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { 'accept-language': 'en' },
      payload: { service: 'diagnostic-informatique', start: MONDAY_10, customer: customer({ company: text }) },
    });
    expect(api.statusCode).toBe(400);
    expect(api.json()).toEqual({ error: { code: 'CONTROL_CHARACTER', message: expect.stringContaining('invisible control character') } });
    const form = await t.app.inject({
      method: 'POST',
      url: '/services/diagnostic-informatique/reserver',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `customer.lastName=${encodeURIComponent(text)}&start=${encodeURIComponent(MONDAY_10)}`,
    });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain('caractère de contrôle invisible');
    const query = await t.app.inject({ method: 'GET', url: `/api/v1/services/diagnostic-informatique/slots?from=2026-11-30&to=${encodeURIComponent(`2026-11-30${text}`)}` });
    expect(query.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('are refused in the owner’s texts too: a service name with a raw CR never reaches the calendar file', async () => {
    const owner = await loggedInOwner(t);
    const service = await t.services.catalog.serviceBySlug('diagnostic-informatique');
    const page = await owner.get(`/admin/prestations/${service.id}`);
    const form = formValues(page.body, `/admin/prestations/${service.id}`);
    const response = await owner.post(`/admin/prestations/${service.id}`, { ...form, nameFr: 'Diagnostic\rBEGIN:VALARM' });
    expect(response.statusCode).toBe(400);
    expect(pageText(response.body)).toContain('caractère de contrôle invisible');
    expect((await t.services.catalog.serviceBySlug('diagnostic-informatique')).name.fr).toBe(service.name.fr);
  });

  it('lets TAB and LF through and turns CRLF into LF where a text has several lines', async () => {
    const owner = await loggedInOwner(t);
    const service = await t.services.catalog.serviceBySlug('diagnostic-informatique');
    const page = await owner.get(`/admin/prestations/${service.id}`);
    const form = formValues(page.body, `/admin/prestations/${service.id}`);
    const response = await owner.post(`/admin/prestations/${service.id}`, { ...form, descriptionFr: 'Première ligne.\r\nDeuxième\tligne.' });
    expect(response.statusCode).toBe(303);
    expect((await t.services.catalog.serviceBySlug('diagnostic-informatique')).description.fr).toBe('Première ligne.\nDeuxième\tligne.');
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, customer, type TestApp } from '../../../test/support/app.js';
import { AdminClient, fieldErrorOf, formValues, loggedInOwner, OWNER, pageText } from '../../../test/support/admin-client.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';
import type { Booking } from '../booking/index.js';

const at = (date: string, hhmm: string) => `${date}T${hhmm}:00+01:00`;

function duplicateIds(html: string): string[] {
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

describeEachDialect('customers in the back office', (dialect: DialectName) => {
  let t: TestApp;
  let owner: AdminClient;
  let elodie: Booking;
  let jean: Booking;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await loggedInOwner(t);
    const book = async (start: string, overrides: Record<string, unknown>) =>
      (await t.services.booking.bookSlot({ service: 'diagnostic-informatique', start, customer: customer(overrides), requestEarlyPerformance: true }, { locale: 'fr', source: 'web', requireTermsAcceptance: false })).booking;
    elodie = await book(at('2026-11-30', '10:00'), { firstName: 'Elodie', lastName: 'Perrin', email: 'Elodie.Perrin@example.fr', phone: '06 98 76 54 32' });
    jean = await book(at('2026-11-30', '14:00'), { firstName: 'Jean', lastName: 'Ménard', email: 'jean@boulangerie.fr', company: 'Boulangerie du Marché' });
  });
  afterAll(() => t?.close());

  it('is for signed-in accounts only, and a form without its CSRF token changes nothing', async () => {
    const anonymous = new AdminClient(t);
    for (const url of ['/admin/clients', '/admin/clients?q=elodie', `/admin/clients/${elodie.customerId}`, `/admin/clients/${elodie.customerId}/modifier`]) {
      const response = await anonymous.get(url);
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location).toBe(`/admin/connexion?suivant=${encodeURIComponent(url)}`);
    }
    const post = await anonymous.post(`/admin/clients/${elodie.customerId}/modifier`, { email: 'pirate@example.fr' });
    expect([post.statusCode, post.headers.location]).toEqual([303, '/admin/connexion']);
    const note = await anonymous.post(`/admin/clients/${elodie.customerId}/notes`, { body: 'intrus' });
    expect(note.statusCode).toBe(303);
    const forged = await owner.post(`/admin/clients/${elodie.customerId}/modifier`, { email: 'pirate@example.fr' }, { csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
    expect((await t.services.customers.get(elodie.customerId!)).email).toBe('Elodie.Perrin@example.fr');
    expect(await t.services.customers.notes(elodie.customerId!)).toEqual([]);
  });

  it('lists and searches customers by name, e-mail, phone or company, case and accents aside', async () => {
    const list = await owner.get('/admin/clients');
    expect(list.statusCode).toBe(200);
    expect(duplicateIds(list.body)).toEqual([]);
    expect(list.body).toContain('href="/admin/clients" aria-current="page"');
    const text = pageText(list.body);
    expect(text).toContain('MÉNARD Jean');
    expect(text).toContain('PERRIN Elodie');
    expect(list.body).toContain('href="tel:+33698765432"');

    const search = async (q: string) => pageText((await owner.get(`/admin/clients?q=${encodeURIComponent(q)}`)).body);
    const elodieOnly = await search('élodie');
    expect(elodieOnly).toContain('PERRIN Elodie');
    expect(elodieOnly).not.toContain('MÉNARD');
    expect(elodieOnly).toContain('Résultats pour «\u00a0élodie\u00a0»');
    expect(await search('MENARD')).toContain('MÉNARD Jean');
    expect(await search('marché')).toContain('MÉNARD Jean');
    expect(await search('06 98 76')).toContain('PERRIN Elodie');
    expect(await search('boulangerie.fr')).not.toContain('PERRIN');
    expect(await search('personne')).toContain('Aucun client ne correspond à «\u00a0personne\u00a0».');
    // Odd input is read, never a server error.
    for (const url of ['/admin/clients?page=abc', '/admin/clients?page=-3', `/admin/clients?q=${'x'.repeat(500)}`, '/admin/clients?q=%25%5F%5C', '/admin/clients?q=a&q=b']) {
      expect((await owner.get(url)).statusCode, url).toBe(200);
    }
    expect((await owner.get('/admin/clients/not-a-customer')).statusCode).toBe(404);
  });

  it('shows a customer’s details, every booking and private notes, and adds a note', async () => {
    const id = elodie.customerId!;
    const page = await owner.get(`/admin/clients/${id}`);
    expect(page.statusCode).toBe(200);
    expect(duplicateIds(page.body)).toEqual([]);
    expect(page.body).toContain(`href="/admin/reservations/${elodie.id}"`);
    expect(pageText(page.body)).toContain('Aucune note.');

    const empty = await owner.post(`/admin/clients/${id}/notes`, { body: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(fieldErrorOf(empty.body, 'body')).toBe('Écrivez le texte de la note.');

    const added = await owner.post(`/admin/clients/${id}/notes`, { body: 'Préfère être appelée le matin.\r\nCode porte : 1234B' });
    expect([added.statusCode, added.headers.location]).toEqual([303, `/admin/clients/${id}#notes`]);
    const after = await owner.get(`/admin/clients/${id}`);
    expect(pageText(after.body)).toContain('Préfère être appelée le matin. Code porte : 1234B');
    expect(pageText(after.body)).toContain(`par ${OWNER.email}`);
    expect(await t.services.customers.notes(id)).toMatchObject([{ body: 'Préfère être appelée le matin.\nCode porte : 1234B', adminEmail: OWNER.email }]);
    // The other customer's page shows none of it.
    expect(pageText((await owner.get(`/admin/clients/${jean.customerId}`)).body)).not.toContain('Préfère');
  });

  it('edits the details, says what is wrong beside each field, and shows every change in the history', async () => {
    const id = jean.customerId!;
    const editUrl = `/admin/clients/${id}/modifier`;
    const form = await owner.get(editUrl);
    expect(form.statusCode).toBe(200);
    expect(duplicateIds(form.body)).toEqual([]);
    const values = formValues(form.body, editUrl);
    expect(values).toMatchObject({ lastName: 'Ménard', email: 'jean@boulangerie.fr', company: 'Boulangerie du Marché' });

    const refused = await owner.post(editUrl, { ...values, email: 'pas une adresse', phone: 'abc' });
    expect(refused.statusCode).toBe(422);
    expect(fieldErrorOf(refused.body, 'email')).toBe('Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.');
    expect(fieldErrorOf(refused.body, 'phone')).toBe('Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.');
    expect(formValues(refused.body, editUrl)).toMatchObject({ email: 'pas une adresse', company: 'Boulangerie du Marché' });
    expect((await t.services.customers.get(id)).email).toBe('jean@boulangerie.fr');

    const english = new AdminClient(t, { locale: 'en' });
    await english.login();
    await english.get(editUrl);
    const taken = await english.post(editUrl, { ...values, email: 'ELODIE.perrin@example.fr' });
    expect(taken.statusCode).toBe(409);
    expect(fieldErrorOf(taken.body, 'email')).toBe('Another customer already uses this e-mail address.');

    t.clock.set('2026-11-26T10:15:00.000Z');
    const saved = await owner.post(editUrl, { ...values, lastName: 'Ménard-Lefèvre', company: '' });
    expect([saved.statusCode, saved.headers.location]).toEqual([303, `/admin/clients/${id}?enregistre=1`]);
    const page = pageText((await owner.get(saved.headers.location as string)).body);
    expect(page).toContain('Coordonnées enregistrées.');
    expect(page).toContain(`${OWNER.email} jeudi 26 novembre 2026 à 11\u00a0h\u00a015 Nom Ménard Ménard-Lefèvre`);
    expect(page).toContain('Société Boulangerie du Marché (vide)');
    // The booking keeps what was given when booking.
    expect((await t.services.booking.getById(jean.id)).customer).toMatchObject({ lastName: 'Ménard', company: 'Boulangerie du Marché' });

    // The form shown before that save is now stale: refused, and shown again with the stored version to compare.
    const stale = await owner.post(editUrl, { ...values, firstName: 'Jean-Pierre' });
    expect(stale.statusCode).toBe(409);
    expect(pageText(stale.body)).toContain('Ce client a été modifié entre-temps');
    expect((await t.services.customers.get(id)).firstName).toBe('Jean');
    const unchanged = await owner.post(editUrl, formValues((await owner.get(editUrl)).body, editUrl));
    expect(unchanged.headers.location).toBe(`/admin/clients/${id}?enregistre=0`);
  });
});

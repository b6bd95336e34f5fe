import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, customer, type TestApp } from '../../../test/support/app.js';
import { AdminClient, fieldErrorOf, loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';
import type { Booking } from '../booking/index.js';
import { frenchCsv } from './exports.csv.js';

const at = (date: string, hhmm: string) => `${date}T${hhmm}:00+01:00`;
const BOM = '\ufeff';

/** Reads a CSV body back the way French Excel does: BOM, « ; », CRLF, RFC 4180 quotes. */
function readCsv(body: string): Record<string, string>[] {
  expect(body.startsWith(BOM)).toBe(true);
  expect(body.replace(/"[^"]*"/g, '').match(/\n/g)?.length).toBe(body.replace(/"[^"]*"/g, '').match(/\r\n/g)?.length);
  return parse(body, { bom: true, delimiter: ';', columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
}

it('writes CSV cells that no spreadsheet runs as formulas, negative amounts as numbers, quoted where RFC 4180 wants it', () => {
  const csv = frenchCsv(['a', 'b'], [['=1+2', '+33 6'], ['-3+cmd', '@SUM(A1)'], ['\tx', '\rY'], ['deux;cellules', 'dit "oui"\nici'], [null, 'ok'], ['-5,00', '-12']]);
  // A plain negative amount stays a number for the spreadsheet; anything else starting with « - » is defused.
  expect(csv).toBe(`${BOM}a;b\r\n'=1+2;'+33 6\r\n'-3+cmd;'@SUM(A1)\r\n'\tx;"'\rY"\r\n"deux;cellules";"dit ""oui""\nici"\r\n;ok\r\n-5,00;-12\r\n`);
});

describeEachDialect('exports for the accountant', (dialect: DialectName) => {
  let t: TestApp;
  let owner: AdminClient;
  let first: Booking;
  let cancelled: Booking;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await loggedInOwner(t);
    const book = async (start: string, overrides: Record<string, unknown>, slug = 'diagnostic-informatique') =>
      (await t.services.booking.bookSlot({ service: slug, start, customer: customer(overrides), requestEarlyPerformance: true }, { locale: 'fr', source: 'web', requireTermsAcceptance: false })).booking;
    first = await book(at('2026-11-30', '10:00'), {
      email: 'Claire.Martin@Example.fr',
      company: '=HYPERLINK("http://evil.example";"clic")',
      address: { line1: '3 rue de la Gare; bât. B', postalCode: '92320', city: 'Châtillon', country: 'FR' },
    });
    cancelled = await book(at('2026-12-01', '10:00'), { email: 'bruno@example.fr', lastName: 'Bruno', firstName: 'Élie', phone: '+44 20 7946 0958', country: 'GB' });
    await t.services.booking.cancelByOwner(cancelled.id, null);
    await book(at('2026-12-07', '10:00'), { email: 'later@example.fr', lastName: 'Plustard' });
  });
  afterAll(() => t?.close());

  it('exports the bookings of a period, dates in Paris time and amounts as French Excel reads them', async () => {
    const response = await owner.get('/admin/export/reservations.csv?from=2026-11-30&to=2026-12-01');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="reservations-2026-11-30-2026-12-01.csv"');
    expect(response.headers['cache-control']).toBe('no-store');
    const rows = readCsv(response.body);
    expect(Object.keys(rows[0]!)).toEqual([
      'Référence', 'Date', 'Heure de début', 'Heure de fin', 'Prestation', 'État', 'Nom', 'Prénom', 'Société', 'E-mail', 'Téléphone',
      'Adresse', 'Code postal', 'Ville', 'Pays', 'Montant HT', 'TVA', 'Montant TTC', 'Taux de TVA', 'Devise', 'Réservée le', 'Annulée le',
      'Paiement', 'Montant reçu',
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      Référence: first.reference,
      Date: '30/11/2026',
      'Heure de début': '10:00',
      'Heure de fin': '11:00',
      Prestation: 'Diagnostic informatique',
      État: 'Confirmée',
      Nom: 'Martin',
      Prénom: 'Claire',
      Société: `'=HYPERLINK("http://evil.example";"clic")`,
      'E-mail': 'claire.martin@example.fr',
      Téléphone: '06 12 34 56 78',
      Adresse: '3 rue de la Gare; bât. B',
      'Code postal': '92320',
      Ville: 'Châtillon',
      Pays: 'France',
      'Montant HT': '40,83',
      TVA: '8,17',
      'Montant TTC': '49,00',
      'Taux de TVA': '20,00 %',
      Devise: 'EUR',
      'Réservée le': '26/11/2026 08:00',
      'Annulée le': '',
      Paiement: 'Non payée',
      'Montant reçu': '0,00',
    });
    expect(rows[1]).toMatchObject({ Référence: cancelled.reference, Date: '01/12/2026', État: 'Annulée', Nom: 'Bruno', Prénom: 'Élie', Téléphone: `'+44 20 7946 0958`, Pays: 'Royaume-Uni', 'Annulée le': '26/11/2026 08:00' });
    const later = readCsv((await owner.get('/admin/export/reservations.csv?from=2026-12-07&to=2026-12-07')).body);
    expect(later.map((r) => r.Nom)).toEqual(['Plustard']);
    expect(readCsv((await owner.get('/admin/export/reservations.csv?from=2027-01-01&to=2027-01-31')).body)).toEqual([]);
  });

  it('exports every customer with their current details', async () => {
    await t.services.customers.update(first.customerId!, { email: 'Claire.Martin@Example.fr', lastName: '@Martin', firstName: 'Claire', phone: '06 12 34 56 78' }, { id: 'x', email: 'owner@wservicesparis.com' }, 'fr');
    const response = await owner.get('/admin/export/clients.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="clients-2026-11-26.csv"');
    const rows = readCsv(response.body);
    expect(rows.map((r) => r['E-mail'])).toEqual(['Claire.Martin@Example.fr', 'bruno@example.fr', 'later@example.fr']);
    expect(rows[0]).toMatchObject({ Nom: "'@Martin", Prénom: 'Claire', Téléphone: '06 12 34 56 78', 'Client depuis le': '26/11/2026', 'Dernière réservation': '30/11/2026' });
  });

  it('explains a bad period in French on the export page, and never fails', async () => {
    const page = await owner.get('/admin/export');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/admin/export/clients.csv"');
    expect(page.body).toContain('value="2026-10-01"');
    expect(page.body).toContain('value="2026-10-31"');
    for (const [query, field, message] of [
      ['from=2026-02-30&to=2026-03-01', 'from', 'Indiquez une date réelle au format AAAA-MM-JJ, par exemple 2026-11-01.'],
      ['from=2026-12-01&to=2026-11-01', 'to', 'La date de fin doit être la même que la date de début ou postérieure.'],
      ['from=2020-01-01&to=2026-01-01', 'to', 'Exportez au plus 400\u00a0jours à la fois.'],
      ['to=2026-01-01', 'from', 'Indiquez la date de début.'],
      ['from=%E2%98%83&to=0000-01-01', 'from', 'Indiquez une date réelle au format AAAA-MM-JJ, par exemple 2026-11-01.'],
      ['from[]=1&to=2026-01-01', 'from', 'Indiquez la date de début.'],
    ] as const) {
      const response = await owner.get(`/admin/export/reservations.csv?${query}`);
      expect(response.statusCode, query).toBe(422);
      expect(response.headers['content-type']).toContain('text/html');
      expect(fieldErrorOf(response.body, field), query).toBe(message);
    }
  });

  it('is for the owner only: anonymous visitors are sent to the login page, other roles refused', async () => {
    const anonymous = new AdminClient(t);
    for (const url of ['/admin/export', '/admin/export/clients.csv', '/admin/export/reservations.csv?from=2026-11-01&to=2026-11-30']) {
      const response = await anonymous.get(url);
      expect(response.statusCode, url).toBe(303);
      expect(String(response.headers.location)).toMatch(/^\/admin\/connexion/);
    }
    await sql`update admin_users set role = 'staff'`.execute(t.db.database.db);
    try {
      for (const url of ['/admin/export', '/admin/export/clients.csv', '/admin/export/reservations.csv?from=2026-11-01&to=2026-11-30']) {
        const response = await owner.get(url);
        expect(response.statusCode, url).toBe(403);
        expect(pageText(response.body)).toContain('Cette page est réservée au responsable');
      }
      // The rest of the back office is not affected.
      expect((await owner.get('/admin/clients')).statusCode).toBe(200);
    } finally {
      await sql`update admin_users set role = 'owner'`.execute(t.db.database.db);
    }
  });
});

import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { unzip } from '../../../test/support/zip.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, customer, type TestApp } from '../../../test/support/app.js';
import { AdminClient, fieldErrorOf, loggedInOwner, OWNER, pageText } from '../../../test/support/admin-client.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { inSerializableTransaction } from '../../db/transaction.js';
import type { DialectName } from '../../db/dialect.js';
import type { Booking } from '../booking/index.js';
import type { IssuedDocument } from '../invoices/index.js';

const BOM = '\ufeff';
const SIRET = '73282932000074';
const VAT = 'FR44732829320';
const at = (date: string, hhmm: string) => `${date}T${hhmm}:00+01:00`;

/** Reads a CSV body back the way French Excel does: BOM, « ; », CRLF, RFC 4180 quotes. */
function readCsv(body: string): Record<string, string>[] {
  expect(body.startsWith(BOM)).toBe(true);
  return parse(body, { bom: true, delimiter: ';', columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
}

/** « 49,00 » → 4900. */
const cents = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);


const buyer = (name: string, extra: Record<string, string> = {}) => ({ name, address: { line1: '3 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' }, ...extra });

describeEachDialect('the owner’s payments, invoices and the accountant’s exports', (dialect: DialectName) => {
  let t: TestApp;
  let owner: AdminClient;
  let first: Booking;
  let second: Booking;
  let ownerId: string;
  const issued: IssuedDocument[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await loggedInOwner(t);
    ownerId = (await t.services.team.members()).find((m) => m.email === OWNER.email)!.id;
    const { logo: _logo, ...profile } = await t.services.settings.current();
    await t.services.settings.save({ ...profile, siret: SIRET, vatNumber: VAT, vatExempt: false });
    const book = async (start: string, email: string) =>
      (await t.services.booking.bookSlot({ service: 'diagnostic-informatique', start, customer: customer({ email }), requestEarlyPerformance: true }, { locale: 'fr', source: 'web', requireTermsAcceptance: false })).booking;
    first = await book(at('2026-11-30', '10:00'), 'claire@example.fr');
    second = await book(at('2026-12-01', '10:00'), 'bruno@example.fr');

    // Thursday 26 November: two payments, three documents (two rates, a business buyer, a partial credit note).
    await t.services.payments.record(first.id, { method: 'cash', amount: '49' }, 'fr', ownerId);
    const partial = await t.services.payments.record(second.id, { method: 'card_terminal', amount: '20' }, 'fr', ownerId);
    await inSerializableTransaction(t.db.database, async (trx) => {
      issued.push(
        await t.services.invoices.issueInvoice(trx, {
          bookingId: first.id,
          sourceKey: 'p-1',
          lines: [
            { description: 'Diagnostic', quantity: 1, unitPriceCents: 4900, vatRateBp: 2000 },
            { description: 'Déplacement', quantity: 2, unitPriceCents: 1100, vatRateBp: 1000 },
          ],
          buyer: buyer('Claire Martin'),
          serviceDate: '2026-11-30',
          paymentTerms: 'payée le 26 novembre 2026',
        }),
      );
      issued.push(
        await t.services.invoices.issueInvoice(trx, {
          bookingId: second.id,
          sourceKey: 'p-2',
          lines: [{ description: 'Diagnostic', quantity: 1, unitPriceCents: 4900, vatRateBp: 2000 }],
          buyer: buyer('Atelier Bruno SARL', { siren: '732829320', vatNumber: VAT }),
          serviceDate: '2026-12-01',
          paymentTerms: 'payée le 26 novembre 2026',
        }),
      );
      issued.push(await t.services.invoices.issueCreditNote(trx, { invoiceNumber: issued[0]!.number, lines: [{ description: 'Déplacement', quantity: 1, unitPriceCents: 1100, vatRateBp: 1000 }], reason: 'Déplacement non fait' }));
    });
    // Wednesday 2 December: a correction, a third invoice; the finished days are closed.
    t.clock.set('2026-12-02T09:00:00.000Z');
    await t.services.payments.correct(second.id, { correctsId: partial.id, correctionAmount: '5', reason: 'Erreur de saisie' }, 'fr', ownerId);
    await inSerializableTransaction(t.db.database, async (trx) => {
      issued.push(
        await t.services.invoices.issueInvoice(trx, {
          bookingId: first.id,
          sourceKey: 'p-3',
          lines: [{ description: 'Nettoyage', quantity: 1, unitPriceCents: 3000, vatRateBp: 2000 }],
          buyer: buyer('Claire Martin'),
          serviceDate: '2026-12-02',
          paymentTerms: 'payée le 2 décembre 2026',
        }),
      );
    });
    await t.services.payments.closeFinishedDays();
    // A new session: the first one has expired while the clock moved.
    owner = await loggedInOwner(t);
  });
  afterAll(() => t?.close());

  it('shows the payments of a period with their totals per method and the closings with their hash', async () => {
    const page = await owner.get('/admin/paiements?from=2026-11-01&to=2026-12-31');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toMatch(/Espèces 49,00\s€/);
    expect(text).toMatch(/Carte bancaire \(terminal\) 15,00\s€/);
    expect(text).toMatch(/Total 64,00\s€/);
    expect(text).toContain(first.reference);
    expect(text).toContain(second.reference);
    expect(text).toContain('Erreur de saisie');
    expect(text).toContain(`${OWNER.email} le jeudi 26 novembre 2026 à 8\u00a0h`);
    const closings = await t.services.payments.closings(31);
    expect(closings.map((c) => c.day)).toEqual(['2026-12-01', '2026-11-30', '2026-11-29', '2026-11-28', '2026-11-27', '2026-11-26']);
    const hashes = [...page.body.matchAll(/<code class="hash">([0-9a-f]{64})<\/code>/g)].map((m) => m[1]);
    expect(hashes).toHaveLength(6);
    const chain = await t.db.database.db.selectFrom('payment_closings').select(['day', 'hash']).orderBy('day').execute();
    expect(hashes).toEqual(chain.map((c) => c.hash));
    expect(page.body).toContain('href="/admin/export/paiements.csv?from=2026-11-01&amp;to=2026-12-31"');
    // This month by default (December): only the correction.
    const december = pageText((await owner.get('/admin/paiements')).body);
    expect(december).toMatch(/Total -5,00\s€/);
    expect(december).toContain('value="2026-12-01"'.length ? '' : '');
    expect(december).not.toContain('Espèces');
    // The navigation leads there.
    expect((await owner.get('/admin')).body).toContain('href="/admin/paiements"');
  });

  it('exports the payments and corrections of a period as CSV', async () => {
    const response = await owner.get('/admin/export/paiements.csv?from=2026-11-01&to=2026-12-31');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="paiements-2026-11-01-2026-12-31.csv"');
    const rows = readCsv(response.body);
    expect(Object.keys(rows[0]!)).toEqual(['N° d’enregistrement', 'Date du paiement', 'Type', 'Moyen de paiement', 'Montant', 'Devise', 'Réservation', 'Enregistré par', 'Enregistré le', 'Corrige l’enregistrement', 'Motif']);
    expect(rows.map((r) => [r.Type, r['Moyen de paiement'], r.Montant, r.Réservation, r['Date du paiement']])).toEqual([
      ['Paiement', 'Espèces', '49,00', first.reference, '26/11/2026'],
      ['Paiement', 'Carte bancaire (terminal)', '20,00', second.reference, '26/11/2026'],
      ['Correction', 'Carte bancaire (terminal)', '-5,00', second.reference, '02/12/2026'],
    ]);
    expect(rows[2]).toMatchObject({ 'Corrige l’enregistrement': rows[1]!['N° d’enregistrement'], Motif: 'Erreur de saisie', 'Enregistré par': OWNER.email, 'Enregistré le': '02/12/2026 10:00' });
    expect(readCsv((await owner.get('/admin/export/paiements.csv?from=2026-11-27&to=2026-12-01')).body)).toEqual([]);
  });

  it('lists the invoices of a period with the credit notes beside them, and exports them with VAT per rate', async () => {
    const page = await owner.get('/admin/factures?from=2026-11-26&to=2026-11-26');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('F-2026-000001');
    expect(text).toContain('Avoir : A-2026-000001'.replace(' :', '\u00a0:'));
    expect(text).toContain('Avoir sur F-2026-000001');
    expect(text).not.toContain('F-2026-000003');
    expect(page.body).toContain('href="/admin/export/factures.zip?from=2026-11-26&amp;to=2026-11-26"');
    const december = pageText((await owner.get('/admin/factures')).body);
    expect(december).toContain('F-2026-000003');
    expect(december).not.toContain('F-2026-000001');

    const response = await owner.get('/admin/export/factures.csv?from=2026-11-01&to=2026-12-31');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="factures-2026-11-01-2026-12-31.csv"');
    const rows = readCsv(response.body);
    expect(Object.keys(rows[0]!)).toEqual([
      'Numéro', 'Type', 'Date d’émission', 'Date de la prestation', 'Client', 'SIREN du client', 'N° de TVA du client', 'Total HT',
      'Base HT 20,00 %', 'TVA 20,00 %', 'Base HT 10,00 %', 'TVA 10,00 %', 'Total TVA', 'Total TTC', 'Facture corrigée',
    ]);
    expect(rows.map((r) => r.Numéro).sort()).toEqual(issued.map((d) => d.number).sort());
    for (const document of issued) {
      const row = rows.find((r) => r.Numéro === document.number)!;
      const sign = document.type === 'credit_note' ? -1 : 1;
      expect(row.Type).toBe(document.type === 'credit_note' ? 'Avoir' : 'Facture');
      expect(cents(row['Total HT']!)).toBe(sign * document.netCents);
      expect(cents(row['Total TTC']!)).toBe(sign * document.grossCents);
      for (const rate of document.document.totals.byRate) {
        const label = `${(rate.vatRateBp / 100).toFixed(2).replace('.', ',')} %`;
        expect(cents(row[`Base HT ${label}`]!)).toBe(sign * rate.baseCents);
        expect(cents(row[`TVA ${label}`]!)).toBe(sign * rate.vatCents);
      }
    }
    expect(rows.find((r) => r.Numéro === 'F-2026-000002')).toMatchObject({ Client: 'Atelier Bruno SARL', 'SIREN du client': '732829320', 'N° de TVA du client': VAT });
    expect(rows.find((r) => r.Numéro === 'A-2026-000001')).toMatchObject({ 'Facture corrigée': 'F-2026-000001', 'Base HT 20,00 %': '', 'Base HT 10,00 %': '-10,00', 'TVA 10,00 %': '-1,00' });
  });

  it('zips every PDF of a period, named by number, as issued', async () => {
    const response = await owner.get('/admin/export/factures.zip?from=2026-11-01&to=2026-11-30');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toBe('attachment; filename="factures-2026-11-01-2026-11-30.zip"');
    const files = await unzip(response.rawPayload);
    expect([...files.keys()].sort()).toEqual(['A-2026-000001.pdf', 'F-2026-000001.pdf', 'F-2026-000002.pdf']);
    for (const [name, bytes] of files) {
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.equals((await t.services.invoices.pdf(name.replace('.pdf', '')))!)).toBe(true);
    }
    const empty = await owner.get('/admin/export/factures.zip?from=2027-01-01&to=2027-01-31');
    expect(empty.statusCode).toBe(200);
    expect((await unzip(empty.rawPayload)).size).toBe(0);
  });

  it('sums the sales to private customers per day and per month, VAT per rate, credit notes deducted', async () => {
    const privateDocs = issued.filter((d) => !d.buyer.siren);
    const expected = (filter: (d: IssuedDocument) => boolean, rate: number) =>
      privateDocs.filter(filter).reduce(
        (sum, d) => {
          const part = d.document.totals.byRate.find((r) => r.vatRateBp === rate);
          const sign = d.type === 'credit_note' ? -1 : 1;
          return { base: sum.base + sign * (part?.baseCents ?? 0), vat: sum.vat + sign * (part?.vatCents ?? 0) };
        },
        { base: 0, vat: 0 },
      );
    const perDay = await owner.get('/admin/export/ventes-particuliers.csv?from=2026-11-01&to=2026-12-31&per=day');
    expect(perDay.statusCode).toBe(200);
    expect(perDay.headers['content-disposition']).toBe('attachment; filename="ventes-particuliers-par-jour-2026-11-01-2026-12-31.csv"');
    const days = readCsv(perDay.body);
    expect(Object.keys(days[0]!)).toEqual(['Jour', 'Factures', 'Avoirs', 'Base HT 20,00 %', 'TVA 20,00 %', 'Base HT 10,00 %', 'TVA 10,00 %', 'Total HT', 'Total TVA', 'Total TTC']);
    expect(days.map((d) => [d.Jour, d.Factures, d.Avoirs])).toEqual([
      ['26/11/2026', '1', '1'],
      ['02/12/2026', '1', '0'],
    ]);
    for (const [row, day] of [[days[0]!, '2026-11-26'], [days[1]!, '2026-12-02']] as const) {
      for (const rate of [2000, 1000]) {
        const sum = expected((d) => d.issueDate === day, rate);
        const label = `${(rate / 100).toFixed(2).replace('.', ',')} %`;
        expect(cents(row[`Base HT ${label}`]!), `${day} ${rate}`).toBe(sum.base);
        expect(cents(row[`TVA ${label}`]!), `${day} ${rate}`).toBe(sum.vat);
      }
      expect(cents(row['Total TTC']!)).toBe(cents(row['Total HT']!) + cents(row['Total TVA']!));
    }
    // 26 November: 49 € at 20 % and 22 € − 11 € at 10 %, the business buyer left out.
    expect(days[0]).toMatchObject({ 'Base HT 20,00 %': '40,83', 'TVA 20,00 %': '8,17', 'Base HT 10,00 %': '10,00', 'TVA 10,00 %': '1,00', 'Total TTC': '60,00' });
    const perMonth = readCsv((await owner.get('/admin/export/ventes-particuliers.csv?from=2026-11-01&to=2026-12-31&per=month')).body);
    expect(perMonth.map((m) => [m.Mois, m['Total TTC']])).toEqual([
      ['11/2026', '60,00'],
      ['12/2026', '30,00'],
    ]);
  });

  it('answers a bad period or grouping with the page and a message beside the field, never a file nor a 5xx', async () => {
    const cases = [
      ['from=2026-02-30&to=2026-03-01', 'from', 'Indiquez une date réelle au format AAAA-MM-JJ, par exemple 2026-11-01.'],
      ['from=2026-12-01&to=2026-11-01', 'to', 'La date de fin doit être la même que la date de début ou postérieure.'],
      ['to=2026-01-01', 'from', 'Indiquez la date de début.'],
      ['from[]=1&to=2026-01-01', 'from', 'Indiquez la date de début.'],
      ['from=%E2%98%83&to=0000-01-01', 'from', 'Indiquez une date réelle au format AAAA-MM-JJ, par exemple 2026-11-01.'],
    ] as const;
    for (const file of ['paiements.csv', 'factures.csv', 'factures.zip', 'ventes-particuliers.csv']) {
      for (const [query, field, message] of cases) {
        const response = await owner.get(`/admin/export/${file}?${query}`);
        expect(response.statusCode, `${file}?${query}`).toBe(422);
        expect(response.headers['content-type']).toContain('text/html');
        expect(fieldErrorOf(response.body, field), `${file}?${query}`).toBe(message);
      }
    }
    const grouping = await owner.get('/admin/export/ventes-particuliers.csv?from=2026-11-01&to=2026-11-30&per=week');
    expect(grouping.statusCode).toBe(422);
    expect(fieldErrorOf(grouping.body, 'per')).toBe('Choisissez un regroupement par jour ou par mois.');
    const english = await owner.get('/admin/export/factures.csv?from=2026-12-01&to=2026-11-01', { headers: { 'accept-language': 'en' } });
    expect(english.statusCode).toBe(422);
    for (const page of ['/admin/paiements', '/admin/factures']) {
      for (const [query, field, message] of cases) {
        const response = await owner.get(`${page}?${query}`);
        expect(response.statusCode, `${page}?${query}`).toBe(422);
        expect(fieldErrorOf(response.body, field), `${page}?${query}`).toBe(message);
      }
      const tooLong = await owner.get(`${page}?from=2020-01-01&to=2026-01-01`);
      expect(fieldErrorOf(tooLong.body, 'to')).toBe('Choisissez une période d’au plus 400\u00a0jours.');
    }
  });

  it('is for the owner only: staff get a 403, anonymous visitors the login page', async () => {
    const urls = [
      '/admin/paiements',
      '/admin/factures?from=2026-11-01&to=2026-11-30',
      '/admin/export/paiements.csv?from=2026-11-01&to=2026-11-30',
      '/admin/export/factures.csv?from=2026-11-01&to=2026-11-30',
      '/admin/export/factures.zip?from=2026-11-01&to=2026-11-30',
      '/admin/export/ventes-particuliers.csv?from=2026-11-01&to=2026-11-30',
    ];
    const anonymous = new AdminClient(t);
    for (const url of urls) expect((await anonymous.get(url)).statusCode, url).toBe(303);
    await sql`update admin_users set role = 'staff'`.execute(t.db.database.db);
    try {
      for (const url of urls) {
        const response = await owner.get(url);
        expect(response.statusCode, url).toBe(403);
        expect(pageText(response.body)).toContain('Cette page est réservée au responsable');
      }
      expect((await owner.get('/admin')).body).not.toContain('href="/admin/paiements"');
    } finally {
      await sql`update admin_users set role = 'owner'`.execute(t.db.database.db);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { facturxParts, pdfText, validateFacturX } from '../../../test/support/facturx.js';
import { spawnNode } from '../../../test/support/processes.js';
import { buildSecondApp, type SecondApp } from '../../../test/support/second-app.js';
import { inSerializableTransaction } from '../../db/transaction.js';
import type { Database } from '../../db/database.js';
import { buyerFromCustomer, type InvoicesService, type IssueInvoiceInput } from './index.js';

const NNBSP = '\u202f';
/** pdf.js gives spaces where the PDF has no-break ones: compare with every space as one. */
const flat = (text: string) => text.replace(/\s+/g, ' ');
const SIRET = '73282932000074';
const VAT = 'FR44732829320';

const invoiceInput = (n: number, overrides: Partial<IssueInvoiceInput> = {}): IssueInvoiceInput => ({
  bookingId: `booking-${n}`,
  sourceKey: `payment-${n}`,
  lines: [{ description: 'Dépannage informatique à domicile', quantity: 1, unitPriceCents: 4900, vatRateBp: 2000 }],
  buyer: { name: 'Claire Martin', address: { line1: '3 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' } },
  serviceDate: '2026-11-26',
  paymentTerms: 'payée le 26 novembre 2026 par carte bancaire',
  paidCents: 4900,
  ...overrides,
});

const issue = (database: Database, invoices: InvoicesService, input: IssueInvoiceInput) => inSerializableTransaction(database, (trx) => invoices.issueInvoice(trx, input));

describeEachDialect('invoices', (dialect) => {
  let t: TestApp;
  let second: SecondApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const profile = await t.services.settings.current();
    const { logo: _logo, ...rest } = profile;
    await t.services.settings.save({ ...rest, siret: SIRET, vatNumber: VAT, vatExempt: false });
    // SQLite: the same connection, as two SQLite connections in one process would block each other's event loop
    // (the two-process test below covers two connections); PostgreSQL: a pool of its own.
    second = await buildSecondApp(t, { sameConnection: dialect === 'sqlite' });
    await second.services.settings.refresh();
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('refuses to issue an invoice while the SIRET is missing, and numbers nothing', async () => {
    const { logo: _logo, siret: _siret, ...rest } = await t.services.settings.current();
    await t.services.settings.save(rest);
    await expect(issue(t.db.database, t.services.invoices, invoiceInput(0))).rejects.toMatchObject({ code: 'SELLER_DETAILS_MISSING' });
    await t.services.settings.save({ ...rest, siret: SIRET });
    // A customer who gave no postal address: a typed error, and no number taken either.
    await expect(issue(t.db.database, t.services.invoices, invoiceInput(0, { buyer: buyerFromCustomer({ lastName: 'Martin', firstName: 'Claire', company: null, email: 'c@example.fr', address: null }) }))).rejects.toMatchObject({
      code: 'BUYER_ADDRESS_MISSING',
      status: 409,
    });
    expect(await t.services.invoices.sequences('invoice', 2026)).toEqual([]);
  });

  it('numbers invoices F-2026-000001…, and a second issue for the same payment returns the first invoice', async () => {
    const first = await issue(t.db.database, t.services.invoices, invoiceInput(1));
    expect(first).toMatchObject({ number: 'F-2026-000001', type: 'invoice', issueDate: '2026-11-26', grossCents: 4900, netCents: 4083, vatCents: 817, bookingId: 'booking-1' });
    const again = await issue(t.db.database, t.services.invoices, invoiceInput(1, { lines: [{ description: 'autre', quantity: 9, unitPriceCents: 1, vatRateBp: 0 }] }));
    expect(again.number).toBe('F-2026-000001');
    expect(again.grossCents).toBe(4900);
    expect(await t.services.invoices.sequences('invoice', 2026)).toEqual([1]);
  });

  it('cannot be changed or deleted, even by SQL: the database refuses (a correction is a credit note)', async () => {
    const db = t.db.database.db;
    await expect(db.updateTable('invoices').set({ gross_cents: 1 }).where('number', '=', 'F-2026-000001').execute()).rejects.toThrow(/never changed or deleted/);
    await expect(db.deleteFrom('invoices').where('number', '=', 'F-2026-000001').execute()).rejects.toThrow(/never changed or deleted/);
    expect((await t.services.invoices.byNumber('F-2026-000001'))?.grossCents).toBe(4900);
  });

  it('gives a number back when the issuing transaction rolls back: no hole', async () => {
    await expect(
      inSerializableTransaction(t.db.database, async (trx) => {
        await t.services.invoices.issueInvoice(trx, invoiceInput(2));
        throw new Error('the payment fails after the invoice');
      }),
    ).rejects.toThrow('the payment fails');
    const next = await issue(t.db.database, t.services.invoices, invoiceInput(3));
    expect(next.number).toBe('F-2026-000002');
  });

  it('issues gapless, unique numbers when two app instances issue at once', async () => {
    const before = (await t.services.invoices.sequences('invoice', 2026)).length;
    const count = 12;
    const runs = Array.from({ length: count }, (_, i) => {
      const app = i % 2 === 0 ? t : second;
      const database = i % 2 === 0 ? t.db.database : second.database;
      const input = invoiceInput(100 + i);
      // Half through the agenda's serialised transaction, half through a plain one: the counter's own lock must hold alone.
      return i % 4 < 2 ? issue(database, app.services.invoices, input) : database.db.transaction().execute((trx) => app.services.invoices.issueInvoice(trx, input));
    });
    const issued = await Promise.all(runs);
    expect(new Set(issued.map((d) => d.number)).size).toBe(count);
    const sequences = await t.services.invoices.sequences('invoice', 2026);
    expect(sequences).toEqual(Array.from({ length: before + count }, (_, i) => i + 1));
  });

  it('issues gapless, unique numbers when another process issues at the same time', async () => {
    const before = (await t.services.invoices.sequences('invoice', 2026)).length;
    const count = 8;
    const child = spawnNode(['--import', 'tsx', 'test/fixtures/invoices/issue-invoices.ts'], {
      DATA_DIR: t.db.dataDir,
      NOW: t.clock.now().toISOString(),
      COUNT: String(count),
      ...(t.db.databaseUrl ? { DATABASE_URL: t.db.databaseUrl } : {}),
      ...(t.db.postgresSchema ? { POSTGRES_SCHEMA: t.db.postgresSchema } : {}),
    });
    await child.waitForOutput(/^ready$/m, 30_000);
    const ours = await Promise.all(Array.from({ length: count }, (_, i) => issue(t.db.database, t.services.invoices, invoiceInput(300 + i))));
    const exit = await child.exited;
    expect(exit.code, child.stderr()).toBe(0);
    const theirs = JSON.parse(child.stdout().trim().split('\n').at(-1)!) as string[];
    const numbers = [...ours.map((d) => d.number), ...theirs];
    expect(new Set(numbers).size).toBe(2 * count);
    expect(await t.services.invoices.sequences('invoice', 2026)).toEqual(Array.from({ length: before + 2 * count }, (_, i) => i + 1));
  }, 60_000);

  it('stores the Factur-X PDF: every mention readable, the XML embedded and valid against the EN 16931 schema', async () => {
    const invoice = (await t.services.invoices.byNumber('F-2026-000001'))!;
    const pdf = (await t.services.invoices.pdf(invoice.number))!;
    const text = flat(await pdfText(pdf));
    const profile = await t.services.settings.current();
    for (const mention of [
      `Facture n°${NNBSP}F-2026-000001`,
      profile.name,
      profile.legalForm,
      profile.address.line1,
      `SIRET${NNBSP}: ${SIRET}`,
      VAT,
      'Claire Martin',
      '3 rue de la Paix',
      'Date d’émission',
      'Date de la prestation',
      '26 novembre 2026',
      `40,83${NNBSP}€`,
      `TVA 20${NNBSP}% sur 40,83${NNBSP}€`,
      `8,17${NNBSP}€`,
      `49,00${NNBSP}€`,
      'Conditions de paiement',
      'trois fois le taux d’intérêt légal',
      `recouvrement de 40${NNBSP}€`,
      `Catégorie de l’opération${NNBSP}: prestation de services`,
      `Reste à payer 0,00${NNBSP}€`,
    ])
      expect(text, mention).toContain(flat(mention));
    const parts = await facturxParts(pdf);
    expect(parts.files.map((f) => [f.name, f.relationship])).toEqual([['factur-x.xml', 'Alternative']]);
    expect(parts.xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(await validateFacturX(parts.files[0]!.content, 'en16931')).toEqual({ valid: true, errors: [] });
    expect(invoice.seller).toMatchObject({ siret: SIRET, vatNumber: VAT, vatExempt: false });
    expect(invoice.buyer).toMatchObject({ name: 'Claire Martin' });
  });

  it('issues a credit note A-2026-000001 that references its invoice, and never credits more than was billed', async () => {
    const note = await inSerializableTransaction(t.db.database, (trx) =>
      t.services.invoices.issueCreditNote(trx, { invoiceNumber: 'F-2026-000001', reason: 'Annulation dans le délai', sourceKey: 'refund-1' }),
    );
    expect(note).toMatchObject({ number: 'A-2026-000001', type: 'credit_note', correctsNumber: 'F-2026-000001', grossCents: 4900, bookingId: 'booking-1' });
    const pdf = (await t.services.invoices.pdf(note.number))!;
    const text = flat(await pdfText(pdf));
    expect(text).toContain(flat(`Avoir n°${NNBSP}A-2026-000001`));
    expect(text).toContain(flat(`Avoir sur la facture n°${NNBSP}F-2026-000001 du 26 novembre 2026`));
    expect(text).toContain('Annulation dans le délai');
    const xml = (await facturxParts(pdf)).files[0]!.content;
    expect(xml).toContain('<ram:TypeCode>381</ram:TypeCode>');
    expect(xml).toContain('<ram:IssuerAssignedID>F-2026-000001</ram:IssuerAssignedID>');
    expect((await validateFacturX(xml, 'en16931')).errors).toEqual([]);
    await expect(
      inSerializableTransaction(t.db.database, (trx) => t.services.invoices.issueCreditNote(trx, { invoiceNumber: 'F-2026-000001', reason: 'encore', lines: [{ description: 'x', quantity: 1, unitPriceCents: 1, vatRateBp: 2000 }] })),
    ).rejects.toMatchObject({ code: 'CREDIT_EXCEEDS_INVOICE' });
    await expect(inSerializableTransaction(t.db.database, (trx) => t.services.invoices.issueCreditNote(trx, { invoiceNumber: 'A-2026-000001', reason: 'x' }))).rejects.toMatchObject({
      code: 'NOT_AN_INVOICE',
    });
    await expect(inSerializableTransaction(t.db.database, (trx) => t.services.invoices.issueCreditNote(trx, { invoiceNumber: 'F-2099-000001', reason: 'x' }))).rejects.toMatchObject({
      code: 'INVOICE_NOT_FOUND',
    });
    expect(await t.services.invoices.sequences('credit_note', 2026)).toEqual([1]);
  });

  it('starts a new sequence with the new year in Paris, not in UTC', async () => {
    const before = t.clock.now();
    try {
      t.clock.set('2026-12-31T22:59:00Z');
      expect((await issue(t.db.database, t.services.invoices, invoiceInput(700))).number).toMatch(/^F-2026-/);
      t.clock.set('2026-12-31T23:00:00Z'); // midnight in Paris
      const first = await issue(t.db.database, t.services.invoices, invoiceInput(701));
      expect(first).toMatchObject({ number: 'F-2027-000001', issueDate: '2027-01-01' });
      expect((await issue(t.db.database, t.services.invoices, invoiceInput(702))).number).toBe('F-2027-000002');
    } finally {
      t.clock.set(before);
    }
  });

  describe('under the VAT exemption', () => {
    it('prints « TVA non applicable, art. 293 B du CGI », charges no VAT, and its XML passes the schema', async () => {
      const { logo: _logo, vatNumber: _vat, ...rest } = await t.services.settings.current();
      await t.services.settings.save({ ...rest, vatExempt: true });
      const invoice = await issue(t.db.database, t.services.invoices, invoiceInput(500));
      expect(invoice).toMatchObject({ grossCents: 4900, netCents: 4900, vatCents: 0 });
      const pdf = (await t.services.invoices.pdf(invoice.number))!;
      expect(flat(await pdfText(pdf))).toContain('TVA non applicable, art. 293 B du CGI');
      const xml = (await facturxParts(pdf)).files[0]!.content;
      expect(xml).toContain('VATEX-FR-FRANCHISE');
      expect((await validateFacturX(xml, 'en16931')).errors).toEqual([]);
    });
  });
});

import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { createTestApp, customer, saveInvoicingIdentity, TEST_NOW, type TestApp } from '../../../test/support/app.js';
import { loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { apiOptions, bookingRequest } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { facturxParts, pdfText, validateFacturX } from '../../../test/support/facturx.js';
import type { DialectName } from '../../db/dialect.js';
import { adminPaths, paths } from '../../platform/http/paths.js';
import type { IssuedDocument } from './invoice.model.js';
import { verifyInvoiceLedger } from './invoices.service.js';

/**
 * A part of the price the owner records on site (cash, card terminal, cheque, transfer) before the
 * service's day is a deposit in law (art. 269 2 c and 289 I 1 c du CGI): it gets its deposit invoice
 * (Factur-X 386) when recorded, and the invoice of the whole service (380) deducts it once the rest is
 * paid. The whole price paid in advance is an ordinary invoice. The tests share one app and run in
 * order: the invoice numbers follow each other across them (one gapless sequence).
 */
const ADDRESS = { line1: '3 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' };
const SERVICE_DAY_EVENING = '2026-11-30T17:00:00+01:00';
const flat = (text: string) => text.replace(/\s+/g, ' ');
const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<ram:${name}[^>]*>([^<]*)</ram:${name}>`, 'g'))].map((m) => m[1]);

describeEachDialect('deposit invoices for parts paid on site before the service', (dialect: DialectName) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await saveInvoicingIdentity(t.services.settings, { vatExempt: false });
  });
  afterAll(async () => t?.close());

  /** The demo check-up (49,00 €, 20 % VAT) on Monday 30 November 2026 at `hour`, to be paid on site. */
  async function book(hour: string) {
    const { booking } = await t.services.booking.bookSlot(bookingRequest({ start: `2026-11-30T${hour}:00+01:00`, customer: customer({ address: ADDRESS }) }), apiOptions());
    return booking;
  }

  async function xmlOf(document: IssuedDocument) {
    const xml = (await facturxParts((await t.services.invoices.pdf(document.number))!)).files[0]!.content;
    for (const profile of ['en16931', 'basic'] as const) expect(await validateFacturX(xml, profile), profile).toEqual({ valid: true, errors: [] });
    return xml;
  }
  const textOf = async (document: IssuedDocument) => flat(await pdfText((await t.services.invoices.pdf(document.number))!));

  async function expectChainsIntact() {
    // What `npx wservices ledger verify` checks: the payments' chain (through the module), then the invoices' on the database itself.
    expect(await t.services.payments.verify()).toMatchObject({ intact: true });
    expect(await verifyInvoiceLedger(t.db.database.db)).toMatchObject({ intact: true });
  }

  it('gives a cheque received before the service its deposit invoice (386), then deducts it from the invoice of the rest paid on the day (380)', async () => {
    onTestFinished(() => t.clock.set(TEST_NOW));
    const b = await book('10:00');
    await t.services.payments.record(b.id, { method: 'cheque', amount: '15' }, 'fr'); // 26 November, the service on the 30th

    const [deposit, ...none] = await t.services.invoices.forBooking(b.id);
    expect(none).toEqual([]);
    expect(deposit).toMatchObject({ number: 'F-2026-000001', type: 'invoice', sourceKey: expect.stringMatching(/^deposit:/), serviceDate: '2026-11-30', grossCents: 1500, vatCents: 250, netCents: 1250 });
    expect(deposit!.document).toMatchObject({ kind: 'deposit', paidCents: 1500, deposit: { paidOn: '2026-11-26', servicePriceCents: 4900 }, paymentTerms: 'Payée le 26 novembre 2026 par chèque' });
    expect(deposit!.document.lines).toEqual([expect.objectContaining({ description: 'Acompte sur Diagnostic informatique', quantity: 1, grossCents: 1500, vatRateBp: 2000 })]);
    const depositXml = await xmlOf(deposit!);
    expect(tag(depositXml, 'TypeCode')[0]).toBe('386');
    expect(depositXml).toContain('<ram:DueDateTypeCode>72</ram:DueDateTypeCode>');
    expect(depositXml).not.toContain('ActualDeliverySupplyChainEvent');
    expect(tag(depositXml, 'GrandTotalAmount')).toEqual(['15.00']);
    expect(tag(depositXml, 'TotalPrepaidAmount')).toEqual(['15.00']);
    expect(tag(depositXml, 'DuePayableAmount')).toEqual(['0.00']);
    const depositText = await textOf(deposit!);
    expect(depositText).toContain('Facture d’acompte n° F-2026-000001');
    expect(depositText).toContain('Acompte versé le 26 novembre 2026');
    expect(depositText).toContain('Le solde de la prestation, 34,00 € TTC, fera l’objet de la facture définitive.');

    // Named as what it is for the customer (private link) and the owner (booking, list of the period).
    const privatePage = await t.app.inject({ method: 'GET', url: paths.booking('fr', b.reference, t.services.booking.manageToken(b.reference)) });
    expect(flat(privatePage.body)).toContain('Facture d’acompte F-2026-000001 du jeudi 26 novembre 2026 — 15,00');
    const owner = await loggedInOwner(t);
    expect(flat(pageText((await owner.get(adminPaths.booking(b.id))).body))).toContain('Facture d’acompte F-2026-000001');
    expect(flat(pageText((await owner.get(adminPaths.invoices)).body))).toContain('Facture d’acompte');

    // The rest paid in cash on the service's day: the invoice of the whole service, less the deposit invoice.
    t.clock.set(SERVICE_DAY_EVENING);
    await t.services.payments.record(b.id, { method: 'cash', amount: '34' }, 'fr');
    const documents = await t.services.invoices.forBooking(b.id);
    expect(documents.map((d) => d.number)).toEqual(['F-2026-000001', 'F-2026-000002']);
    const final = documents[1]!;
    expect(final).toMatchObject({ sourceKey: `booking:${b.id}`, issueDate: '2026-11-30', grossCents: 3400, vatCents: 817 - 250, netCents: 4083 - 1250 });
    expect(final.document).toMatchObject({
      kind: 'final',
      paidCents: 3400,
      paymentTerms: 'Payée le 30 novembre 2026 en espèces',
      serviceTotals: { netCents: 4083, vatCents: 817, grossCents: 4900 },
      deposits: [{ number: 'F-2026-000001', paidOn: '2026-11-26', grossCents: 1500, byRate: [{ vatRateBp: 2000, baseCents: 1250, vatCents: 250 }] }],
    });
    expect(deposit!.vatCents + final.vatCents).toBe(817);
    const finalXml = await xmlOf(final);
    expect(tag(finalXml, 'TypeCode')[0]).toBe('380');
    expect(tag(finalXml, 'BilledQuantity')).toEqual(['1', '-1']);
    expect(tag(finalXml, 'GrandTotalAmount')).toEqual(['34.00']);
    expect(tag(finalXml, 'DuePayableAmount')).toEqual(['0.00']);
    expect(finalXml).toContain('<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>F-2026-000001</ram:IssuerAssignedID>');
    expect(await textOf(final)).toContain('Acompte déjà facturé (facture d’acompte n° F-2026-000001 du 26 novembre 2026)');

    expect(await t.services.invoices.sequences('invoice', 2026)).toEqual([1, 2]);
    await expectChainsIntact();
  });

  it('credits the deposit invoice when part of an on-site deposit is given back', async () => {
    const b = await book('14:00');
    const paid = await t.services.payments.record(b.id, { method: 'card_terminal', amount: '20' }, 'fr');
    const [deposit] = await t.services.invoices.forBooking(b.id);
    expect(deposit).toMatchObject({ number: 'F-2026-000003', grossCents: 2000, document: { kind: 'deposit' } });

    const correction = await t.services.payments.correct(b.id, { correctsId: paid.id, correctionAmount: '5', reason: 'Geste commercial' }, 'fr');
    const credit = (await t.services.invoices.forBooking(b.id)).find((d) => d.type === 'credit_note')!;
    expect(credit).toMatchObject({ number: 'A-2026-000001', correctsNumber: 'F-2026-000003', sourceKey: correction.id, grossCents: 500 });
    expect(credit.document).toMatchObject({ reason: 'Geste commercial', paymentTerms: 'Remboursé le 26 novembre 2026 par carte bancaire', corrects: { number: 'F-2026-000003', issueDate: '2026-11-26', kind: 'deposit' } });
    const creditXml = await xmlOf(credit);
    expect(tag(creditXml, 'TypeCode')[0]).toBe('381');
    expect(creditXml).toContain('<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>F-2026-000003</ram:IssuerAssignedID>');
    expect(await textOf(credit)).toContain('Avoir sur la facture d’acompte n° F-2026-000003 du 26 novembre 2026');

    // The rest paid later still deducts what is left of the deposit invoice (15,00 €), no more.
    await t.services.payments.record(b.id, { method: 'cash', amount: '34' }, 'fr');
    const final = (await t.services.invoices.forBooking(b.id)).find((d) => d.sourceKey === `booking:${b.id}`)!;
    expect(final).toMatchObject({ number: 'F-2026-000004', grossCents: 3400, document: { deposits: [{ number: 'F-2026-000003', grossCents: 1500 }] } });
    await xmlOf(final);
    expect(await t.services.invoices.sequences('invoice', 2026)).toEqual([1, 2, 3, 4]);
    expect(await t.services.invoices.sequences('credit_note', 2026)).toEqual([1]);
    await expectChainsIntact();
  });

  it('bills the whole price paid on site in advance with an ordinary invoice (380), no deposit invoice', async () => {
    const b = await book('16:00');
    await t.services.payments.record(b.id, { method: 'bank_transfer', amount: '49' }, 'fr');
    const [invoice, ...none] = await t.services.invoices.forBooking(b.id);
    expect(none).toEqual([]);
    expect(invoice).toMatchObject({ number: 'F-2026-000005', sourceKey: `booking:${b.id}`, issueDate: '2026-11-26', serviceDate: '2026-11-30', grossCents: 4900, vatCents: 817 });
    expect(invoice!.document.kind).not.toBe('deposit');
    expect(invoice!.document.deposits).toBeUndefined();
    const xml = await xmlOf(invoice!);
    expect(tag(xml, 'TypeCode')[0]).toBe('380');
    // The service's date, printed and in the XML, since it differs from the issue date (art. 242 nonies A du CGI annexe II).
    expect(xml).toMatch(/<ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format="102">20261130</);
    const text = await textOf(invoice!);
    expect(text).toContain('Facture n° F-2026-000005');
    expect(text).toContain('Date de la prestation : 30 novembre 2026');
    expect(text).not.toContain('acompte');
    await expectChainsIntact();
  });
});

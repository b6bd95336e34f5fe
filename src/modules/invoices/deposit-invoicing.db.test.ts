import { expect, it, onTestFinished } from 'vitest';
import { createTestApp, customer, MONDAY_10, saveInvoicingIdentity, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { facturxParts, pdfText, validateFacturX } from '../../../test/support/facturx.js';
import { startFakeStripe, type FakeStripe } from '../../../test/support/fakes/stripe.js';
import type { DialectName } from '../../db/dialect.js';
import { adminPaths, paths } from '../../platform/http/paths.js';
import type { IssuedDocument } from './invoice.model.js';

/**
 * Deposits (acomptes) under French VAT law (art. 269 2 c and 289 I 1 c du CGI): a deposit paid
 * online gets its deposit invoice (Factur-X type 386) when received; the rest paid on site, the
 * invoice of the whole service (380) deducts it — number, base and VAT — and references it; a
 * refund's credit note names the invoice that billed the money. Real Stripe SDK against the fake,
 * signed webhooks over HTTP, the XML checked against the official Factur-X schemas.
 */
const ADDRESS = { line1: '3 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' };
const flat = (text: string) => text.replace(/\s+/g, ' ');

interface Setup {
  t: TestApp;
  stripe: FakeStripe;
  base: string;
}

describeEachDialect('deposit invoices', (dialect: DialectName) => {
  async function setup(options: { seller?: boolean } = {}): Promise<Setup> {
    const stripe = await startFakeStripe();
    const t = await createTestApp(dialect, { env: { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_BASE: stripe.url } });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    stripe.webhookUrl = `${base}/webhooks/stripe`;
    onTestFinished(async () => {
      await t.close();
      await stripe.close();
    });
    await t.db.database.db.updateTable('services').set({ payment_options: JSON.stringify(['on_site', 'stripe']), deposit_percent: 30 }).where('slug', '=', 'diagnostic-informatique').execute();
    if (options.seller !== false) await completeSeller(t);
    return { t, stripe, base };
  }

  async function completeSeller(t: TestApp) {
    await saveInvoicingIdentity(t.services.settings, { vatExempt: false });
  }

  /** Books with a 30 % deposit through Stripe (14,70 € of 49,00 €) and pays it on the fake's page. */
  async function payDeposit(s: Setup) {
    const response = await fetch(`${s.base}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'diagnostic-informatique', start: MONDAY_10, customer: customer({ address: ADDRESS }), requestEarlyPerformance: true, payment: 'deposit_stripe' }),
    });
    const created = (await response.json()) as { reference: string; paymentUrl: string; manageToken: string };
    expect(response.status).toBe(201);
    await s.stripe.complete(/\/pay\/(\w+)$/.exec(created.paymentUrl)![1]!);
    const booking = await s.t.db.database.db.selectFrom('bookings').select('id').where('reference', '=', created.reference).executeTakeFirstOrThrow();
    return { ...created, bookingId: booking.id };
  }

  const xmlOf = async (s: Setup, number: string) => (await facturxParts((await s.t.services.invoices.pdf(number))!)).files[0]!.content;
  const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<ram:${name}[^>]*>([^<]*)</ram:${name}>`, 'g'))].map((m) => m[1]);

  async function expectValid(s: Setup, document: IssuedDocument) {
    const xml = await xmlOf(s, document.number);
    const validation = await validateFacturX(xml, 'en16931');
    expect(validation.errors).toEqual([]);
    expect(validation.valid).toBe(true);
    return xml;
  }

  it('issues a deposit invoice (386) when the deposit is received, then the final invoice (380) deducting it once the rest is paid on site', async () => {
    const s = await setup();
    const booked = await payDeposit(s);

    // The deposit received: its invoice, in the webhook's transaction (no job ran).
    const [deposit, ...none] = await s.t.services.invoices.forBooking(booked.bookingId);
    expect(none).toEqual([]);
    expect(deposit).toMatchObject({ number: 'F-2026-000001', type: 'invoice', sourceKey: expect.stringMatching(/^deposit:/), grossCents: 1470, vatCents: 245, netCents: 1225 });
    expect(deposit!.document).toMatchObject({ kind: 'deposit', paidCents: 1470, deposit: { paidOn: '2026-11-26', servicePriceCents: 4900 }, paymentTerms: 'Payée le 26 novembre 2026 par carte bancaire en ligne' });
    expect(deposit!.document.lines).toEqual([expect.objectContaining({ description: 'Acompte sur Diagnostic informatique', quantity: 1, grossCents: 1470, vatRateBp: 2000 })]);
    const depositXml = await expectValid(s, deposit!);
    expect(tag(depositXml, 'TypeCode')[0]).toBe('386');
    // VAT due on receipt (« paid to date »), no delivery date (the service is to come), nothing left to pay.
    expect(depositXml).toContain('<ram:DueDateTypeCode>72</ram:DueDateTypeCode>');
    expect(tag(depositXml, 'Description')).toEqual(['Payée le 26 novembre 2026 par carte bancaire en ligne']);
    expect(depositXml).not.toContain('ActualDeliverySupplyChainEvent');
    expect(tag(depositXml, 'GrandTotalAmount')).toEqual(['14.70']);
    expect(tag(depositXml, 'TotalPrepaidAmount')).toEqual(['14.70']);
    expect(tag(depositXml, 'DuePayableAmount')).toEqual(['0.00']);
    const depositText = flat(await pdfText((await s.t.services.invoices.pdf(deposit!.number))!));
    expect(depositText).toContain('Facture d’acompte n° F-2026-000001');
    expect(depositText).toContain('Acompte versé le 26 novembre 2026');
    expect(depositText).toContain('Prestation prévue le 30 novembre 2026, au prix de 49,00 € TTC');
    expect(depositText).toContain('Le solde de la prestation, 34,30 € TTC, fera l’objet de la facture définitive.');
    expect(depositText).toContain('N° de TVA intracommunautaire : FR44732829320');
    expect(depositText).toContain('Catégorie de l’opération : prestation de services');
    expect(depositText).toContain('40 €');
    // The customer's API lists it.
    const read = await fetch(`${s.base}/api/v1/bookings/${booked.reference}`, { headers: { authorization: `Bearer ${booked.manageToken}` } });
    expect(((await read.json()) as { invoices: { number: string }[] }).invoices.map((i) => i.number)).toEqual(['F-2026-000001']);

    // The private page offers it for download, named as what it is.
    const privatePage = await (await fetch(`${s.base}${paths.booking('fr', booked.reference, booked.manageToken)}`)).text();
    expect(flat(privatePage)).toContain('Facture d’acompte F-2026-000001 du jeudi 26 novembre 2026 — 14,70');

    // The rest taken on site: the invoice of the whole service, less the deposit invoice.
    await s.t.services.payments.record(booked.bookingId, { method: 'cash', amount: '34,30' }, 'fr');
    const documents = await s.t.services.invoices.forBooking(booked.bookingId);
    expect(documents.map((d) => d.number)).toEqual(['F-2026-000001', 'F-2026-000002']);
    const final = documents[1]!;
    expect(final).toMatchObject({ type: 'invoice', sourceKey: `booking:${booked.bookingId}`, grossCents: 3430, vatCents: 817 - 245, netCents: 4083 - 1225 });
    expect(final.document).toMatchObject({
      kind: 'final',
      paidCents: 3430,
      paymentTerms: 'Payée le 26 novembre 2026 en espèces',
      serviceTotals: { netCents: 4083, vatCents: 817, grossCents: 4900 },
      deposits: [{ number: 'F-2026-000001', issueDate: '2026-11-26', paidOn: '2026-11-26', grossCents: 1470, byRate: [{ vatRateBp: 2000, baseCents: 1225, vatCents: 245 }] }],
    });
    // Deposit and final together bill the whole service, VAT per rate included.
    expect(deposit!.grossCents + final.grossCents).toBe(4900);
    expect(deposit!.vatCents + final.vatCents).toBe(817);
    const finalXml = await expectValid(s, final);
    expect(tag(finalXml, 'TypeCode')[0]).toBe('380');
    expect(tag(finalXml, 'BilledQuantity')).toEqual(['1', '-1']);
    expect(tag(finalXml, 'LineTotalAmount')).toEqual(['40.83', '-12.25', '28.58']);
    expect(tag(finalXml, 'CalculatedAmount')).toEqual(['5.72']);
    expect(tag(finalXml, 'GrandTotalAmount')).toEqual(['34.30']);
    expect(tag(finalXml, 'TotalPrepaidAmount')).toEqual(['34.30']);
    expect(tag(finalXml, 'DuePayableAmount')).toEqual(['0.00']);
    expect(finalXml).toContain('<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>F-2026-000001</ram:IssuerAssignedID>');
    expect(finalXml).toContain('<ram:DueDateTypeCode>72</ram:DueDateTypeCode>');
    const finalText = flat(await pdfText((await s.t.services.invoices.pdf(final.number))!));
    expect(finalText).toContain('Facture n° F-2026-000002');
    expect(finalText).toContain('Acompte déjà facturé (facture d’acompte n° F-2026-000001 du 26 novembre 2026)');
    expect(finalText).toContain('20 % −12,25 €');
    expect(finalText).toContain('Prestation, total TTC 49,00 €');
    expect(finalText).toContain('Acompte n° F-2026-000001, HT −12,25 €');
    expect(finalText).toContain('TVA 20 % de l’acompte −2,45 €');
    expect(finalText).toContain('Total TTC 34,30 €');

    // The owner reads them as what they are, on the booking and in the list of the period.
    const owner = await loggedInOwner(s.t);
    expect(flat(pageText((await owner.get(adminPaths.booking(booked.bookingId))).body))).toContain('Facture d’acompte F-2026-000001');
    expect(flat(pageText((await owner.get(adminPaths.invoices)).body))).toContain('Facture d’acompte');

    // One gapless sequence, both chains intact.
    expect(await s.t.services.invoices.sequences('invoice', 2026)).toEqual([1, 2]);
    expect((await s.t.services.invoices.verify()).intact).toBe(true);
    expect((await s.t.services.payments.verify()).intact).toBe(true);

    // Money given back after both: the deposit's credit note names the deposit invoice, the cash part's the final one.
    const ledger = await s.t.services.payments.forBooking(booked.bookingId);
    const [online, cash] = ledger.entries;
    await s.t.services.payments.correct(booked.bookingId, { correctsId: cash!.id, correctionAmount: '10', reason: 'Geste commercial' }, 'fr');
    await s.t.services.payments.correct(booked.bookingId, { correctsId: online!.id, correctionAmount: '14,70', reason: 'Annulation' }, 'fr');
    const credits = (await s.t.services.invoices.forBooking(booked.bookingId)).filter((d) => d.type === 'credit_note');
    expect(credits.map((c) => [c.number, c.correctsNumber, c.grossCents])).toEqual([
      ['A-2026-000001', 'F-2026-000002', 1000],
      ['A-2026-000002', 'F-2026-000001', 1470],
    ]);
    const creditXml = await expectValid(s, credits[1]!);
    expect(tag(creditXml, 'TypeCode')[0]).toBe('381');
    expect(flat(await pdfText((await s.t.services.invoices.pdf(credits[1]!.number))!))).toContain('Avoir sur la facture d’acompte n° F-2026-000001 du 26 novembre 2026');
    expect((await s.t.services.invoices.verify()).intact).toBe(true);
  });

  it('credits the deposit invoice when a deposit is given back before the service, and issues no final invoice', async () => {
    const s = await setup();
    const booked = await payDeposit(s);
    const [online] = (await s.t.services.payments.forBooking(booked.bookingId)).entries;
    await s.t.services.payments.correct(booked.bookingId, { correctsId: online!.id, correctionAmount: '14,70', reason: 'Annulation de la réservation' }, 'fr');
    const documents = await s.t.services.invoices.forBooking(booked.bookingId);
    expect(documents.map((d) => [d.number, d.type, d.correctsNumber, d.grossCents])).toEqual([
      ['F-2026-000001', 'invoice', null, 1470],
      ['A-2026-000001', 'credit_note', 'F-2026-000001', 1470],
    ]);
    expect(documents[1]!.document.corrects).toEqual({ number: 'F-2026-000001', issueDate: '2026-11-26', kind: 'deposit' });
    // The whole price paid on site afterwards: the final invoice deducts nothing (the deposit was credited in full).
    await s.t.services.payments.record(booked.bookingId, { method: 'cash', amount: '49' }, 'fr');
    const final = (await s.t.services.invoices.forBooking(booked.bookingId)).find((d) => d.sourceKey === `booking:${booked.bookingId}`)!;
    expect(final).toMatchObject({ number: 'F-2026-000002', grossCents: 4900 });
    expect(final.document.deposits).toBeUndefined();
    await expectValid(s, final);
    expect((await s.t.services.invoices.verify()).intact).toBe(true);
  });

  it('keeps a deposit whose invoice cannot be issued yet (no SIRET) waiting, and issues the deposit invoice from /admin/factures once given', async () => {
    const s = await setup({ seller: false });
    const booked = await payDeposit(s);
    expect(await s.t.services.invoices.forBooking(booked.bookingId)).toEqual([]);
    expect(await s.t.services.invoicing.pendingOf(booked.bookingId)).toMatchObject({ reason: 'SELLER_DETAILS_MISSING' });
    expect((await s.t.services.payments.forBooking(booked.bookingId)).paidCents).toBe(1470);

    await completeSeller(s.t);
    const outcome = await s.t.services.invoicing.issuePending(booked.bookingId);
    expect(outcome).toMatchObject({ issued: { number: 'F-2026-000001', grossCents: 1470, document: { kind: 'deposit' } } });
    expect(await s.t.services.invoicing.pendingOf(booked.bookingId)).toBeUndefined();
    expect((await s.t.services.invoices.verify()).intact).toBe(true);
  });
});

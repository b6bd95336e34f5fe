import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { expect, it, onTestFinished } from 'vitest';
import { fieldErrorOf, formValues, loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { createTestApp, customer, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { pdfText } from '../../../test/support/facturx.js';
import type { DialectName } from '../../db/dialect.js';
import { adminPaths } from '../../platform/http/paths.js';

/**
 * Payments and invoices meeting (issue 7 items 7, 9, 10): an on-site payment that completes a
 * booking issues its invoice in the ledger's transaction, a correction its credit note; a missing
 * SIRET or postal address keeps the payment and leaves the invoice waiting, shown to the owner
 * until issued; the invoices' hash chain names a document changed behind the application's back;
 * the events reach a real HTTP endpoint; the owner API lists payments and invoices.
 */
const SIRET = '73282932000074';
const VAT = 'FR44732829320';
const flat = (text: string) => text.replace(/\s+/g, ' ');
const ADDRESS = { line1: '3 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' };

describeEachDialect('invoices issued by payments', (dialect: DialectName) => {
  async function app(options: { seller?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
    const t = await createTestApp(dialect, { env: options.env ?? {} });
    onTestFinished(() => t.close());
    if (options.seller !== false) await completeSeller(t);
    return t;
  }

  async function completeSeller(t: TestApp, extra: Record<string, unknown> = {}) {
    const { logo: _logo, ...rest } = await t.services.settings.current();
    await t.services.settings.save({ ...rest, siret: SIRET, vatNumber: VAT, vatExempt: false, ...extra });
  }

  async function book(t: TestApp, overrides: Record<string, unknown> = {}) {
    return (await t.services.booking.bookSlot(bookingRequest({ customer: customer({ address: ADDRESS }), ...overrides }), apiOptions())).booking;
  }

  const count = async (t: TestApp, table: 'payments' | 'invoices' | 'invoice_pending') =>
    Number((await t.db.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  const eventTypes = async (t: TestApp) =>
    (await t.db.database.db.selectFrom('jobs').select('payload').where('kind', '=', 'events.publish').execute())
      .map((j) => (JSON.parse(String(j.payload)) as { type: string }).type)
      .filter((type) => !type.startsWith('booking.'))
      .sort();

  it('issues the invoice in the payment’s transaction when the booking is paid in full, once, with how it was paid', async () => {
    const t = await app();
    const b = await book(t); // 49,00 €, 20 % VAT, Monday 30 November 2026
    const p = t.services.payments;

    // Paid in two parts on the service's day (a part paid before it is a deposit: deposit-invoicing tests).
    t.clock.set('2026-11-30T17:00:00+01:00');
    await p.record(b.id, { method: 'cash', amount: '20' }, 'fr');
    expect(await t.services.invoices.forBooking(b.id)).toEqual([]);
    await p.record(b.id, { method: 'card_terminal', amount: '29', paidOn: '2026-11-30' }, 'fr');

    const [invoice, ...others] = await t.services.invoices.forBooking(b.id);
    expect(others).toEqual([]);
    expect(invoice).toMatchObject({ number: 'F-2026-000001', type: 'invoice', sourceKey: `booking:${b.id}`, serviceDate: '2026-11-30', grossCents: 4900, vatCents: 817, netCents: 4083 });
    expect(invoice!.buyer).toMatchObject({ name: 'Claire Martin', address: ADDRESS });
    expect(flat(invoice!.document.paymentTerms)).toBe('Payée le 30 novembre 2026 en espèces (20,00 €) et le 30 novembre 2026 par carte bancaire (29,00 €)');
    expect(invoice!.document.paidCents).toBe(4900);
    const text = flat(await pdfText((await t.services.invoices.pdf(invoice!.number))!));
    expect(text).toContain('Diagnostic');
    expect(text).toContain('Déjà payé');
    expect(text).toContain('Payée le 30 novembre 2026 en espèces');
    // Events, in the same transactions: two payments, one invoice.
    expect(await eventTypes(t)).toEqual(['invoice.issued', 'payment.succeeded', 'payment.succeeded']);
    expect(await count(t, 'invoice_pending')).toBe(0);
  });

  it('issues a credit note for a correction on an invoiced booking, in the correction’s transaction', async () => {
    const t = await app();
    const b = await book(t);
    const p = t.services.payments;
    const paid = await p.record(b.id, { method: 'cash', amount: '49' }, 'fr');
    const correction = await p.correct(b.id, { correctsId: paid.id, correctionAmount: '15', reason: 'Geste commercial' }, 'fr');

    const documents = await t.services.invoices.forBooking(b.id);
    expect(documents.map((d) => d.number)).toEqual(['F-2026-000001', 'A-2026-000001']);
    expect(documents[1]).toMatchObject({ type: 'credit_note', correctsNumber: 'F-2026-000001', sourceKey: correction.id, grossCents: 1500 });
    expect(documents[1]!.document).toMatchObject({ reason: 'Geste commercial', paymentTerms: 'Remboursé le 26 novembre 2026 en espèces' });
    expect(await eventTypes(t)).toEqual(['invoice.issued', 'invoice.issued', 'payment.refunded', 'payment.succeeded']);
  });

  it('keeps the payment and leaves the invoice waiting when the SIRET is missing, shows it, and issues it from /admin/factures once given', async () => {
    const t = await app({ seller: false });
    const b = await book(t);
    await t.services.payments.record(b.id, { method: 'cash', amount: '49' }, 'fr');
    expect(await count(t, 'payments')).toBe(1);
    expect(await count(t, 'invoices')).toBe(0);
    expect(await t.services.invoicing.pendingOf(b.id)).toMatchObject({ reason: 'SELLER_DETAILS_MISSING' });

    const owner = await loggedInOwner(t);
    expect(flat(pageText((await owner.get(adminPaths.booking(b.id))).body))).toContain('Facture en attente : le paiement est enregistré, mais la facture n’a pas pu être émise. Une facture ne peut pas être émise sans ces mentions de l’entreprise : SIRET');
    const list = await owner.get(adminPaths.invoices);
    expect(pageText(list.body)).toContain('Factures en attente');
    expect(pageText(list.body)).toContain(`${b.reference} — Diagnostic`);

    // Still missing: refused, said on the page, nothing issued.
    const refused = await owner.post(adminPaths.invoiceIssuePending(b.id));
    expect(refused.statusCode).toBe(409);
    expect(flat(pageText(refused.body))).toContain('La facture n’a pas pu être émise : Une facture ne peut pas être émise sans ces mentions de l’entreprise : SIRET');
    expect(await count(t, 'invoices')).toBe(0);

    await completeSeller(t);
    await owner.get(adminPaths.invoices);
    const issued = await owner.post(adminPaths.invoiceIssuePending(b.id));
    expect(issued.statusCode).toBe(303);
    expect(issued.headers.location).toBe(`${adminPaths.invoices}?emise=F-2026-000001`);
    expect(pageText((await owner.get(issued.headers.location as string)).body)).toContain('La facture F-2026-000001 est émise.');
    expect(await t.services.invoicing.pendingOf(b.id)).toBeUndefined();
    expect((await t.services.invoices.forBooking(b.id))[0]!.document.paymentTerms).toBe('Payée le 26 novembre 2026 en espèces');
    const page = pageText((await owner.get(adminPaths.booking(b.id))).body);
    expect(page).not.toContain('Facture en attente');
    expect(page).toContain('Facture F-2026-000001');
    // Nothing waits any more: the button's URL is a 404.
    expect((await owner.post(adminPaths.invoiceIssuePending(b.id))).statusCode).toBe(404);
  });

  it('leaves the invoice waiting when the customer gave no postal address', async () => {
    const t = await app();
    const { booking: b } = await t.services.booking.bookSlot(bookingRequest(), apiOptions());
    await t.services.payments.record(b.id, { method: 'cheque', amount: '49' }, 'en');
    expect(await count(t, 'payments')).toBe(1);
    expect(await t.services.invoicing.pendingOf(b.id)).toMatchObject({ reason: 'BUYER_ADDRESS_MISSING', missing: { en: 'An invoice must carry the customer’s postal address: add it to their details.' } });
    const en = await loggedInOwner(t, { locale: 'en' });
    expect(pageText((await en.get(adminPaths.invoices)).body)).toContain('An invoice must carry the customer’s postal address');
  });

  it('rolls the payment back with the invoice when issuing fails for any other reason', async () => {
    const t = await app();
    const b = await book(t);
    // The chain's head gone: issuing cannot take its position, an unexpected failure.
    await t.db.database.db.deleteFrom('invoice_chain_head').execute();
    await expect(t.services.payments.record(b.id, { method: 'cash', amount: '49' }, 'fr')).rejects.toThrow();
    expect(await count(t, 'payments')).toBe(0);
    expect(await count(t, 'invoices')).toBe(0);
    expect(await eventTypes(t)).toEqual([]);
    expect((await t.services.payments.verify()).intact).toBe(true);
  });

  it('chains every invoice and credit note, and names the first one changed behind the application’s back', async () => {
    const t = await app();
    const p = t.services.payments;
    const first = await book(t);
    const second = await book(t, { start: '2026-11-30T14:00:00+01:00' });
    const paid = await p.record(first.id, { method: 'cash', amount: '49' }, 'fr');
    await p.record(second.id, { method: 'cash', amount: '49' }, 'fr');
    await p.correct(first.id, { correctsId: paid.id, correctionAmount: '10', reason: 'Erreur' }, 'fr');
    const intact = await t.services.invoices.verify();
    expect(intact.text).toMatch(/^The invoice chain is intact: 3 documents checked, the chain's last hash is [0-9a-f]{64}\.$/);

    // The database refuses the change; someone with its keys removes the trigger first.
    const db = t.db.database.db;
    if (dialect === 'postgres') await sql`drop trigger invoices_never_change on invoices`.execute(db);
    else await sql`drop trigger invoices_never_updated`.execute(db);
    await sql`update invoices set gross_cents = 3900 where number = 'F-2026-000002'`.execute(db);
    expect(await t.services.invoices.verify()).toEqual({
      intact: false,
      text: 'The invoice chain is broken. First broken link: link #2 (F-2026-000002): the document no longer matches its hash: it was changed after it was issued.',
    });
    await sql`update invoices set gross_cents = 4900 where number = 'F-2026-000002'`.execute(db);
    expect((await t.services.invoices.verify()).intact).toBe(true);
    // The PDF swapped for another document's: named too.
    await sql`update invoices set pdf = (select pdf from invoices where number = 'F-2026-000001') where number = 'A-2026-000001'`.execute(db);
    expect((await t.services.invoices.verify()).text).toBe('The invoice chain is broken. First broken link: link #3 (A-2026-000001): its PDF is not the one issued (its SHA-256 differs).');
  });

  it('delivers payment.succeeded, invoice.issued and payment.refunded to a webhook endpoint over HTTP', async () => {
    const t = await app({ env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
    const received: { headers: IncomingMessage['headers']; body: string }[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    const endpoint = await t.services.webhooks.create({ url, events: ['payment.succeeded', 'payment.refunded', 'invoice.issued'] }, 'fr');

    const b = await book(t);
    const paid = await t.services.payments.record(b.id, { method: 'cash', amount: '49' }, 'fr');
    const correction = await t.services.payments.correct(b.id, { correctsId: paid.id, correctionAmount: '9', reason: 'Remise' }, 'fr');
    await t.services.jobs.runUntilIdle();
    await t.services.jobs.runUntilIdle();

    const events = received.map((r) => JSON.parse(r.body) as { type: string; data: Record<string, any> });
    expect(events.map((e) => e.type).sort()).toEqual(['invoice.issued', 'invoice.issued', 'payment.refunded', 'payment.succeeded']);
    expect(events.find((e) => e.type === 'payment.succeeded')!.data.payment).toMatchObject({ id: paid.id, bookingId: b.id, bookingReference: b.reference, kind: 'payment', method: 'cash', amountCents: 4900 });
    expect(events.find((e) => e.type === 'payment.refunded')!.data.payment).toMatchObject({ id: correction.id, kind: 'correction', amountCents: -900, correctsId: paid.id, reason: 'Remise' });
    const issued = events.filter((e) => e.type === 'invoice.issued').map((e) => e.data.invoice);
    expect(issued).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ number: 'F-2026-000001', type: 'invoice', bookingReference: b.reference, grossCents: 4900, url: 'http://localhost:3000/api/v1/admin/invoices/F-2026-000001.pdf' }),
        expect.objectContaining({ number: 'A-2026-000001', type: 'credit_note', correctsNumber: 'F-2026-000001', grossCents: 900 }),
      ]),
    );
    // Signed as every delivery is.
    const signature = String(received[0]!.headers['wservices-signature']);
    const [, timestamp, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(signature)!;
    expect(createHmac('sha256', endpoint.secret).update(`${timestamp}.${received[0]!.body}`).digest('hex')).toBe(v1);
  });

  it('lists payments and invoices of a period in the owner API, and serves each PDF to a key only', async () => {
    const t = await app();
    const b = await book(t);
    const paid = await t.services.payments.record(b.id, { method: 'bank_transfer', amount: '49' }, 'fr');
    await t.services.payments.correct(b.id, { correctsId: paid.id, correctionAmount: '4', reason: 'Remise' }, 'fr');
    const key = (await t.services.apiKeys.create({ name: 'Comptabilité', scope: 'read' }, 'fr')).key;
    const get = (url: string, bearer?: string) => t.app.inject({ method: 'GET', url, headers: { 'accept-language': 'en', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) } });

    const payments = await get('/api/v1/admin/payments?from=2026-11-26&to=2026-11-26', key);
    expect(payments.statusCode).toBe(200);
    expect(payments.json()).toMatchObject([
      { id: paid.id, kind: 'payment', method: 'bank_transfer', amountCents: 4900, bookingReference: b.reference },
      { kind: 'correction', amountCents: -400, correctsId: paid.id },
    ]);
    expect((await get('/api/v1/admin/payments?from=2026-11-27&to=2026-11-30', key)).json()).toEqual([]);

    const invoices = await get('/api/v1/admin/invoices?from=2026-11-01&to=2026-11-30', key);
    expect(invoices.json()).toMatchObject([
      { number: 'A-2026-000001', type: 'credit_note', grossCents: 400 },
      { number: 'F-2026-000001', type: 'invoice', grossCents: 4900, netCents: 4083, vatCents: 817, vatByRate: [{ vatRateBp: 2000, baseCents: 4083, vatCents: 817 }], buyer: 'Claire Martin' },
    ]);
    const pdf = await get('/api/v1/admin/invoices/F-2026-000001.pdf', key);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    expect((await get('/api/v1/admin/invoices/F-2026-000001.pdf')).statusCode).toBe(401);
    expect((await get('/api/v1/admin/payments?from=2026-11-26&to=2026-11-26')).statusCode).toBe(401);
    expect((await get('/api/v1/admin/invoices/F-2026-000009.pdf', key)).statusCode).toBe(404);
    const bad = await get('/api/v1/admin/invoices/nope.pdf', key);
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ errors: [{ field: 'file', message: 'Give the number of an invoice or credit note followed by .pdf, such as F-2026-000001.pdf.' }] });
    expect((await get('/api/v1/admin/invoices?from=2026-11-30&to=2026-11-01', key)).statusCode).toBe(422);
  });

  it('lets the customer download their invoices from the private link and their space, and nobody else', async () => {
    const t = await app();
    const claire = await book(t);
    const paul = await book(t, { start: '2026-11-30T14:00:00+01:00', customer: customer({ email: 'paul@example.fr', firstName: 'Paul', lastName: 'Durand', address: ADDRESS }) });
    const paid = await t.services.payments.record(claire.id, { method: 'cash', amount: '49' }, 'fr');
    await t.services.payments.correct(claire.id, { correctsId: paid.id, correctionAmount: '9', reason: 'Remise' }, 'fr');
    await t.services.payments.record(paul.id, { method: 'cash', amount: '49' }, 'fr'); // F-2026-000002, Paul's
    const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

    // The private link: the booking's page lists both documents, in French and in English.
    const token = t.services.booking.manageToken(claire.reference);
    const page = await get(`/reservation/${claire.reference}/${token}`);
    expect(flat(pageText(page.body))).toContain('Facture F-2026-000001 du jeudi 26 novembre 2026 — 49,00 € (PDF)');
    expect(flat(pageText(page.body))).toContain('Avoir A-2026-000001 du jeudi 26 novembre 2026 — 9,00 € (PDF)');
    expect(page.body).toContain(`href="/reservation/${claire.reference}/${token}/factures/F-2026-000001.pdf"`);
    const english = await get(`/en/booking/${claire.reference}/${token}`);
    expect(flat(pageText(english.body))).toMatch(/Invoice F-2026-000001 of Thursday,? 26 November 2026 — €49\.00 \(PDF\)/);
    const pdf = await get(`/reservation/${claire.reference}/${token}/factures/F-2026-000001.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['cache-control']).toBe('private, no-store');
    expect(pdf.rawPayload.equals((await t.services.invoices.pdf('F-2026-000001'))!)).toBe(true);
    expect((await get(`/en/booking/${claire.reference}/${token}/invoices/A-2026-000001.pdf`)).statusCode).toBe(200);
    // A wrong token, another booking's invoice through this link, a number that does not exist, a bad name: 404 alike.
    expect((await get(`/reservation/${claire.reference}/${'x'.repeat(token.length)}/factures/F-2026-000001.pdf`)).statusCode).toBe(404);
    expect((await get(`/reservation/${claire.reference}/${token}/factures/F-2026-000002.pdf`)).statusCode).toBe(404);
    expect((await get(`/reservation/${claire.reference}/${token}/factures/F-2026-000099.pdf`)).statusCode).toBe(404);
    expect((await get(`/reservation/${claire.reference}/${token}/factures/..%2Fetc.pdf`)).statusCode).toBe(404);

    // The space: signed in by the mailed link.
    expect((await t.app.inject({ method: 'POST', url: '/mon-espace/lien', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=claire.martin%40example.fr' })).statusCode).toBe(200);
    const mail = (await t.services.outbox.list({ limit: 100, offset: 0 })).find((m) => m.kind === 'customer-sign-in')!;
    const linkToken = /\/mon-espace\/connexion\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const signedIn = await t.app.inject({ method: 'POST', url: `/mon-espace/connexion/${linkToken}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    const cookie = `ws_customer=${signedIn.cookies.find((c) => c.name === 'ws_customer')!.value}`;
    const space = await get('/mon-espace', cookie);
    expect(flat(pageText(space.body))).toContain('Mes factures et avoirs');
    expect(space.body).toContain('href="/mon-espace/factures/F-2026-000001.pdf"');
    expect(space.body).not.toContain('F-2026-000002');
    expect(flat(pageText((await get(`/mon-espace/reservations/${claire.reference}`, cookie)).body))).toContain('Avoir A-2026-000001');
    const fromSpace = await get('/mon-espace/factures/F-2026-000001.pdf', cookie);
    expect(fromSpace.statusCode).toBe(200);
    expect(fromSpace.headers['content-type']).toBe('application/pdf');
    expect((await get('/en/my-space/invoices/A-2026-000001.pdf', cookie)).statusCode).toBe(200);
    // Paul's invoice from Claire's space: 404; without a session: back to the sign-in form, no PDF.
    expect((await get('/mon-espace/factures/F-2026-000002.pdf', cookie)).statusCode).toBe(404);
    const anonymous = await get('/mon-espace/factures/F-2026-000001.pdf');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers['content-type']).not.toBe('application/pdf');
  });

  it('takes the option for VAT on debits and a late-payment rate in the settings, checked, and prints both on the next invoice', async () => {
    const t = await app();
    const owner = await loggedInOwner(t);
    const form = async (changes: Record<string, string>) => ({ ...(formValues((await owner.get('/admin/parametres')).body, '/admin/parametres') as Record<string, string>), ...changes });
    for (const rate of ['0', '150', '12,555', 'douze']) {
      const refused = await owner.post('/admin/parametres', await form({ latePaymentRate: rate }));
      expect(refused.statusCode, rate).toBe(422);
      expect(fieldErrorOf(refused.body, 'latePaymentRate')).toBe(
        'Saisissez un taux annuel en pourcentage, supérieur à 0 et d’au plus 100, avec au plus deux décimales, par exemple 12,5 — ou laissez vide pour trois fois le taux d’intérêt légal.',
      );
    }
    const english = await loggedInOwner(t, { locale: 'en' });
    const refusedEn = await english.post('/admin/parametres', { ...(formValues((await english.get('/admin/parametres')).body, '/admin/parametres') as Record<string, string>), latePaymentRate: '-3' });
    expect(fieldErrorOf(refusedEn.body, 'latePaymentRate')).toMatch(/^Enter a yearly rate as a percentage, above 0 and at most 100/);
    expect((await t.services.settings.current()).latePaymentRateBp).toBeUndefined();

    const saved = await owner.post('/admin/parametres', await form({ latePaymentRate: ' 12,5 % ', vatOnDebits: 'on' }));
    expect(saved.statusCode).toBe(303);
    expect(await t.services.settings.current()).toMatchObject({ vatOnDebits: true, latePaymentRateBp: 1250 });
    expect(formValues((await owner.get('/admin/parametres')).body, '/admin/parametres')).toMatchObject({ latePaymentRate: '12,50', vatOnDebits: 'on' });

    const b = await book(t);
    await t.services.payments.record(b.id, { method: 'cash', amount: '49' }, 'fr');
    const [invoice] = await t.services.invoices.forBooking(b.id);
    expect(invoice!.seller).toMatchObject({ vatOnDebits: true, latePaymentRateBp: 1250 });
    const text = flat(await pdfText((await t.services.invoices.pdf(invoice!.number))!));
    expect(text).toContain('Option pour le paiement de la taxe d’après les débits');
    expect(text).toMatch(/pénalités sont dues au taux annuel de 12,5 ?%/);

    // Unticked, and the rate emptied: back to VAT on receipts and three times the legal rate.
    const cleared = await form({ latePaymentRate: '' });
    delete cleared.vatOnDebits;
    expect((await owner.post('/admin/parametres', cleared)).statusCode).toBe(303);
    const profile = await t.services.settings.current();
    expect(profile.vatOnDebits).toBeUndefined();
    expect(profile.latePaymentRateBp).toBeUndefined();
  });

  it('invoices by a job, scheduled in the payment’s transaction, a payment appended without its booking (bookingOf cannot run inside the transaction)', async () => {
    const t = await app({ seller: false });
    const b = await book(t);
    const payment = await t.services.payments.record(b.id, { method: 'cash', amount: '49' }, 'fr');
    expect(await count(t, 'invoices')).toBe(0);
    await completeSeller(t);
    // As an online payment appended by a caller that did not pass the booking: the hook gets null.
    const entries = (await t.services.payments.forBooking(b.id)).entries;
    await t.db.database.db.transaction().execute((trx) => t.services.invoicing.afterRecorded(trx, { booking: null, bookingId: b.id, payment, entries, paidCentsAfter: 4900 }));
    expect(await count(t, 'invoices')).toBe(0);
    await t.services.invoicing.runDeferred();
    expect((await t.services.invoices.forBooking(b.id)).map((d) => d.number)).toEqual(['F-2026-000001']);
    expect(await t.services.invoicing.pendingOf(b.id)).toBeUndefined();
    // Run again (a retried job): the same invoice, no second one.
    await t.db.database.db.transaction().execute((trx) => t.services.invoicing.afterRecorded(trx, { booking: null, bookingId: b.id, payment: { ...payment, id: 'another-delivery' }, entries, paidCentsAfter: 4900 }));
    await t.services.invoicing.runDeferred();
    expect(await count(t, 'invoices')).toBe(1);
  });
});

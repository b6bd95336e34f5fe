import { afterAll, beforeAll, expect, it } from 'vitest';
import { loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { createTestApp, saveInvoicingIdentity, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { pdfText } from '../../../test/support/facturx.js';
import type { DialectName } from '../../db/dialect.js';
import { adminPaths } from '../../platform/http/paths.js';

/**
 * A paid booking whose invoice waits (no SIRET yet) when its customer is erased: the payment stays
 * recorded, so the law still requires its invoice. The waiting line stays, without the customer's
 * name; once the SIRET is given, « Émettre la facture » issues it for « Client effacé ».
 */
const ADDRESS = { line1: '8 impasse des Tilleuls', postalCode: '69003', city: 'Lyon', country: 'FR' };
const EMAIL = 'anatole.fervacques@example.fr';
const MARKERS = ['Fervacques', 'Anatole', 'Tilleuls', 'fervacques@'];

describeEachDialect('a waiting invoice outlives its customer’s erasure', (dialect: DialectName) => {
  let t: TestApp;
  let bookingId: string;
  const db = () => t.db.database.db;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const { booking } = await t.services.booking.bookSlot(bookingRequest({ customer: { email: EMAIL, lastName: 'Fervacques', firstName: 'Anatole', address: ADDRESS } }), apiOptions());
    bookingId = booking.id;
    t.clock.set('2026-11-30T17:00:00+01:00');
    await t.services.payments.record(bookingId, { method: 'cash', amount: '49' }, 'fr');
  });
  afterAll(() => t?.close());

  it('keeps the waiting line at the erasure, its label and kept payments naming nobody', async () => {
    expect(await t.services.invoicing.pendingOf(bookingId)).toMatchObject({ reason: 'SELLER_DETAILS_MISSING' });
    const report = await t.services.privacy.personalData.erase(await t.services.privacy.personalData.subjectForEmail(EMAIL));
    expect(report.failed).toEqual([]);
    const row = await db().selectFrom('invoice_pending').selectAll().where('booking_id', '=', bookingId).executeTakeFirstOrThrow();
    expect(row.erased_at).not.toBeNull();
    expect(row.label).toMatch(/ — Client effacé$/);
    expect(JSON.parse(row.payments!)).toEqual([expect.objectContaining({ kind: 'payment', method: 'cash', amountCents: 4900, paidOn: '2026-11-30' })]);
    const text = JSON.stringify(row).toLowerCase();
    expect(MARKERS.filter((m) => text.includes(m.toLowerCase()))).toEqual([]);
    // The payment no longer names its booking: only the kept line can still bill it.
    expect(await t.services.payments.forBooking(bookingId)).toMatchObject({ entries: [] });
  });

  it('issues it for « Client effacé » once the SIRET is given, from the owner’s button', async () => {
    const owner = await loggedInOwner(t);
    const list = pageText((await owner.get(adminPaths.invoices)).body);
    expect(list).toContain('Client effacé');
    expect(MARKERS.filter((m) => list.toLowerCase().includes(m.toLowerCase()))).toEqual([]);
    // Still no SIRET: refused again, the line kept.
    const refused = await owner.post(adminPaths.invoiceIssuePending(bookingId));
    expect(refused.statusCode).toBe(409);
    expect(await t.services.invoicing.pendingOf(bookingId)).toBeDefined();

    await saveInvoicingIdentity(t.services.settings, { vatExempt: false });
    const issued = await owner.post(adminPaths.invoiceIssuePending(bookingId));
    expect(issued.statusCode).toBeLessThan(400);
    const [invoice] = await t.services.invoices.forBooking(bookingId);
    expect(invoice).toMatchObject({ type: 'invoice', grossCents: 4900, buyer: { name: 'Client effacé' } });
    expect(invoice!.document.paymentTerms).toContain('30 novembre 2026 en espèces');
    expect(await t.services.invoicing.pendingOf(bookingId)).toBeUndefined();
    const text = (await pdfText((await t.services.invoices.pdf(invoice!.number))!)).toLowerCase();
    expect(text).toContain('client effacé');
    expect(MARKERS.filter((m) => text.includes(m.toLowerCase()))).toEqual([]);
    expect(pageText((await owner.get(adminPaths.invoices)).body)).not.toContain('Factures en attente');
  });
});

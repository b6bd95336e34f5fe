import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, saveInvoicingIdentity, type TestApp } from '../../../test/support/app.js';
import { AdminClient, loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { facturxParts } from '../../../test/support/facturx.js';
import { inSerializableTransaction } from '../../db/transaction.js';

describeEachDialect('the back office’s invoices', (dialect) => {
  let t: TestApp;
  let owner: AdminClient;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await loggedInOwner(t);
    await saveInvoicingIdentity(t.services.settings);
    await inSerializableTransaction(t.db.database, async (trx) => {
      await t.services.invoices.issueInvoice(trx, {
        bookingId: 'b-1',
        lines: [{ description: 'Diagnostic', quantity: 1, unitPriceCents: 4900, vatRateBp: 2000 }],
        buyer: { name: 'Claire Martin', address: { line1: '3 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' } },
        serviceDate: '2026-11-26',
        paymentTerms: 'payée le 26 novembre 2026',
      });
      await t.services.invoices.issueCreditNote(trx, { invoiceNumber: 'F-2026-000001', reason: 'Annulation' });
    });
  });
  afterAll(() => t?.close());

  it('lists invoices and credit notes for the owner, each PDF downloadable as issued', async () => {
    const page = await owner.get('/admin/factures');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('F-2026-000001');
    expect(text).toContain('A-2026-000001');
    expect(text).toContain('Claire Martin');
    expect(text).toMatch(/49,00\s€/);
    const pdf = await owner.get('/admin/factures/F-2026-000001.pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="F-2026-000001.pdf"');
    expect(Buffer.from(pdf.rawPayload).equals((await t.services.invoices.pdf('F-2026-000001'))!)).toBe(true);
    expect((await facturxParts(pdf.rawPayload)).files[0]!.name).toBe('factur-x.xml');
    for (const url of ['/admin/factures/F-2026-999999.pdf', '/admin/factures/nimporte-quoi', '/admin/factures/F-2026-000001', '/admin/factures/..%2F.pdf']) {
      const response = await owner.get(url);
      expect(response.statusCode, url).toBe(404);
    }
  });

  it('is for the owner only', async () => {
    const anonymous = new AdminClient(t);
    expect((await anonymous.get('/admin/factures')).statusCode).toBe(303);
    expect((await anonymous.get('/admin/factures/F-2026-000001.pdf')).statusCode).toBe(303);
    await sql`update admin_users set role = 'staff'`.execute(t.db.database.db);
    try {
      for (const url of ['/admin/factures', '/admin/factures/F-2026-000001.pdf']) {
        const response = await owner.get(url);
        expect(response.statusCode, url).toBe(403);
        expect(pageText(response.body)).toContain('Cette page est réservée au responsable');
      }
    } finally {
      await sql`update admin_users set role = 'owner'`.execute(t.db.database.db);
    }
  });
});

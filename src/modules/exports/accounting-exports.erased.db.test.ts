import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, saveInvoicingIdentity, type TestApp } from '../../../test/support/app.js';
import { AdminClient, loggedInOwner } from '../../../test/support/admin-client.js';
import { apiOptions, bookingRequest } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { unzip } from '../../../test/support/zip.js';
import type { DialectName } from '../../db/dialect.js';

/**
 * The accountant's zip of PDFs once a customer is erased: their invoice's PDF here is empty (the
 * PDF as issued is in the legal archive, which only the owner reads). The zip leaves it out rather
 * than carrying a 0-byte file, and says in LISEZMOI.txt which numbers are in the archive and where.
 */
const ADDRESS = { line1: '3 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' };
const ERASED = 'ysaline.quercy@example.fr';

describeEachDialect('the zip of PDFs after an erasure', (dialect: DialectName) => {
  let t: TestApp;
  let owner: AdminClient;
  let erasedNumber: string;
  let keptNumber: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await saveInvoicingIdentity(t.services.settings, { vatExempt: false });
    const paidBooking = async (who: Record<string, unknown>, start: string) => {
      const { booking } = await t.services.booking.bookSlot(bookingRequest({ start, customer: { ...who, address: ADDRESS } }), apiOptions());
      return booking;
    };
    const first = await paidBooking({ email: ERASED, lastName: 'Quercy', firstName: 'Ysaline' }, '2026-11-30T10:00:00+01:00');
    const second = await paidBooking({ email: 'henri.bastide@example.fr', lastName: 'Bastide', firstName: 'Henri' }, '2026-11-30T14:00:00+01:00');
    // Paid on the service's day: one invoice each.
    t.clock.set('2026-11-30T17:00:00+01:00');
    const pay = async (booking: { id: string }) => {
      await t.services.payments.record(booking.id, { method: 'cash', amount: '49' }, 'fr');
      return (await t.services.invoices.forBooking(booking.id))[0]!.number;
    };
    erasedNumber = await pay(first);
    keptNumber = await pay(second);
    const report = await t.services.privacy.personalData.erase(await t.services.privacy.personalData.subjectForEmail(ERASED));
    expect(report.failed).toEqual([]);
    owner = await loggedInOwner(t);
  });
  afterAll(() => t?.close());

  it('leaves the archived PDF out and names its number in LISEZMOI.txt, the other PDFs as issued', async () => {
    const response = await owner.get('/admin/export/factures.zip?from=2026-11-01&to=2026-11-30');
    expect(response.statusCode).toBe(200);
    const files = await unzip(response.rawPayload);
    expect([...files.keys()].sort()).toEqual([`${keptNumber}.pdf`, 'LISEZMOI.txt']);
    for (const [, bytes] of files) expect(bytes.length).toBeGreaterThan(0);
    expect(files.get(`${keptNumber}.pdf`)!.equals((await t.services.invoices.pdf(keptNumber))!)).toBe(true);
    const notice = files.get('LISEZMOI.txt')!.toString('utf8');
    expect(notice.startsWith('\ufeff')).toBe(true);
    expect(notice).toContain(`- ${erasedNumber}\r\n`);
    expect(notice).not.toContain(keptNumber);
    expect(notice).toContain('archive légale');
    expect(notice).toContain('/admin/archives');
    // The erased person is named nowhere in the zip.
    expect(response.rawPayload.toString('latin1')).not.toMatch(/Quercy|Ysaline/);
  });

  it('adds no LISEZMOI.txt to a period without archived documents', async () => {
    const files = await unzip((await owner.get('/admin/export/factures.zip?from=2026-12-01&to=2026-12-31')).rawPayload);
    expect(files.size).toBe(0);
  });
});

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { paths } from '../../platform/http/paths.js';
import { locales } from '../../platform/i18n/locale.js';
import { invoiceErrors } from './invoices.errors.js';
import type { InvoicesService } from './invoices.service.js';

/** F-2026-000001.pdf: anything else is no document of ours. */
const fileParam = z.string().regex(/^[FA]-\d{4}-\d{6}\.pdf$/);

/**
 * Sends a document's PDF to whoever may read it: the caller has already authorised `bookingIds`
 * (the booking of a private link, the bookings of a signed-in customer); a document of any other
 * booking, or none, is a 404, the same answer as a number that does not exist.
 */
export async function sendCustomerPdf(invoices: Pick<InvoicesService, 'byNumber' | 'pdf'>, reply: FastifyReply, file: string | undefined, bookingIds: readonly string[]): Promise<FastifyReply> {
  if (!file || !fileParam.safeParse(file).success) throw invoiceErrors.INVOICE_NOT_FOUND();
  const number = file.slice(0, -'.pdf'.length);
  const document = await invoices.byNumber(number);
  if (!document || !document.bookingId || !bookingIds.includes(document.bookingId)) throw invoiceErrors.INVOICE_NOT_FOUND();
  const pdf = await invoices.pdf(number);
  if (!pdf) throw invoiceErrors.INVOICE_NOT_FOUND();
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${number}.pdf"`)
    .header('cache-control', 'private, no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex, nofollow')
    .send(pdf);
}

/**
 * The booking's invoices behind its private link (/reservation/<reference>/<token>/factures/<number>.pdf):
 * the link's token authorises them, as it does the booking's page. `bookingIdForLink` (the booking
 * module's, wired in app.ts) answers the booking's id, or throws its 404 for a wrong token.
 */
export async function invoicesCustomerRoutes(app: FastifyInstance, { invoices, bookingIdForLink }: { invoices: InvoicesService; bookingIdForLink: (reference: string, token: string) => Promise<string> }) {
  for (const locale of locales) {
    app.get(`${paths.booking(locale, ':reference', ':token')}/${locale === 'fr' ? 'factures' : 'invoices'}/:file`, async (request: FastifyRequest<{ Params: { reference: string; token: string; file: string } }>, reply) => {
      const { reference, token, file } = request.params;
      const bookingId = await bookingIdForLink(reference, token);
      return sendCustomerPdf(invoices, reply, file, [bookingId]);
    });
  }
}

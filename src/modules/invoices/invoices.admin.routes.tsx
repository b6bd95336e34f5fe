import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { validate } from '../../platform/http/validation.js';
import { currentMonth, periodAsTyped, periodSchema, periodValidationTexts } from '../../platform/period.js';
import { sendPage } from '../../platform/views/render.js';
import { adminContext } from '../admin/index.js';
import type { InvoiceReads } from './invoice-reads.service.js';
import { invoiceErrors } from './invoices.errors.js';
import type { InvoicesService } from './invoices.service.js';
import type { Invoicing } from './invoicing.js';
import { InvoicesPage } from './views/invoices-page.js';

/** F-2026-000001, A-2026-000001: anything else is no invoice of ours. */
const numberParams = z.object({ number: z.string().regex(/^[FA]-\d{4}-\d{6}$/) });
const bookingParams = z.object({ bookingId: z.string().min(1).max(100) });
/** After « Émettre la facture », the number issued (shown once as a notice). */
const issuedQuery = z.object({ emise: z.string().regex(/^[FA]-\d{4}-\d{6}$/).optional().catch(undefined) });

/**
 * The owner's invoices and credit notes of a period (this month by default), each PDF as issued, and
 * the paid bookings whose invoice waits for a missing detail, each with its button to issue it
 * (owner only, as the exports are).
 */
export async function invoicesAdminRoutes(app: FastifyInstance, { invoices, reads, invoicing }: { invoices: InvoicesService; reads: InvoiceReads; invoicing: Invoicing }) {
  const ownerOnly = { config: { ownerOnly: true } };

  async function render(request: FastifyRequest, reply: Parameters<typeof sendPage>[0], refused?: { bookingId: string; message: string }, status = 200) {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const ctx = adminContext(request, reply);
    const { emise } = issuedQuery.parse(query);
    const pending = await invoicing.pending();
    const given = query.from !== undefined || query.to !== undefined;
    let period;
    try {
      period = given
        ? validate(periodSchema, { from: query.from, to: query.to }, requestLocale(request), periodValidationTexts)
        : currentMonth(app.clock.now(), app.business.current().timezone);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return sendPage(reply, <InvoicesPage ctx={ctx} view={{ period: periodAsTyped(query), errors: messagesByField(error), creditNotesOf: new Map(), pending, refused }} />, 422);
    }
    const documents = await reads.issuedBetween(period.from, period.to);
    const creditNotesOf = await reads.creditNotesOf(documents.filter((d) => d.type === 'invoice').map((d) => d.number));
    return sendPage(reply, <InvoicesPage ctx={ctx} view={{ period, errors: {}, documents, creditNotesOf, pending, issued: emise, refused }} />, status);
  }

  app.get(adminPaths.invoices, ownerOnly, async (request, reply) => render(request, reply));

  app.post('/admin/factures/en-attente/:bookingId', ownerOnly, async (request: FastifyRequest<{ Params: { bookingId: string } }>, reply) => {
    const parsed = bookingParams.safeParse(request.params);
    if (!parsed.success) throw invoiceErrors.INVOICE_NOT_FOUND();
    const outcome = await invoicing.issuePending(parsed.data.bookingId);
    if ('issued' in outcome) return reply.redirect(`${adminPaths.invoices}?emise=${encodeURIComponent(outcome.issued.number)}`, 303);
    const ctx = adminContext(request, reply);
    return render(request, reply, { bookingId: parsed.data.bookingId, message: outcome.refused[ctx.locale] }, 409);
  });

  app.get('/admin/factures/:file', ownerOnly, async (request: FastifyRequest<{ Params: { file: string } }>, reply) => {
    const parsed = numberParams.safeParse({ number: request.params.file.replace(/\.pdf$/, '') });
    if (!parsed.success || !request.params.file.endsWith('.pdf')) throw invoiceErrors.INVOICE_NOT_FOUND();
    const pdf = await invoices.pdf(parsed.data.number);
    if (!pdf) throw invoiceErrors.INVOICE_NOT_FOUND();
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${parsed.data.number}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });
}

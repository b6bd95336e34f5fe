import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { adminPaths } from '../../platform/http/paths.js';
import { sendPage } from '../../platform/views/render.js';
import { adminContext } from '../admin/index.js';
import { invoiceErrors } from './invoices.errors.js';
import type { InvoicesService } from './invoices.service.js';
import type { Invoicing } from './invoicing.js';
import { InvoicesPage } from './views/invoices-page.js';

const PAGE_SIZE = 50;
const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).catch(1).default(1),
  emise: z.string().regex(/^[FA]-\d{4}-\d{6}$/).optional().catch(undefined),
});
/** F-2026-000001, A-2026-000001: anything else is no invoice of ours. */
const numberParams = z.object({ number: z.string().regex(/^[FA]-\d{4}-\d{6}$/) });
const bookingParams = z.object({ bookingId: z.string().min(1).max(100) });

/**
 * The owner's list of invoices and credit notes, each PDF as issued, and the paid bookings whose
 * invoice waits for a missing detail, each with its button to issue it (owner only, as the exports are).
 */
export async function invoicesAdminRoutes(app: FastifyInstance, { invoices, invoicing }: { invoices: InvoicesService; invoicing: Invoicing }) {
  const ownerOnly = { config: { ownerOnly: true } };

  async function render(request: FastifyRequest, reply: Parameters<typeof sendPage>[0], options: { refused?: { bookingId: string; message: string } } = {}, status = 200) {
    const { page, emise } = listQuery.parse(request.query);
    const [{ items }, pending] = await Promise.all([invoices.list({ limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE }), invoicing.pending()]);
    return sendPage(
      reply,
      <InvoicesPage ctx={adminContext(request, reply)} documents={items.slice(0, PAGE_SIZE)} page={page} hasNext={items.length > PAGE_SIZE} pending={pending} issued={emise} refused={options.refused} />,
      status,
    );
  }

  app.get(adminPaths.invoices, ownerOnly, async (request, reply) => render(request, reply));

  app.post('/admin/factures/en-attente/:bookingId', ownerOnly, async (request: FastifyRequest<{ Params: { bookingId: string } }>, reply) => {
    const parsed = bookingParams.safeParse(request.params);
    if (!parsed.success) throw invoiceErrors.INVOICE_NOT_FOUND();
    const outcome = await invoicing.issuePending(parsed.data.bookingId);
    if ('issued' in outcome) return reply.redirect(`${adminPaths.invoices}?emise=${encodeURIComponent(outcome.issued.number)}`, 303);
    const ctx = adminContext(request, reply);
    return render(request, reply, { refused: { bookingId: parsed.data.bookingId, message: outcome.refused[ctx.locale] } }, 409);
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

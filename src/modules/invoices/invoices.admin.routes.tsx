import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { adminPaths } from '../../platform/http/paths.js';
import { sendPage } from '../../platform/views/render.js';
import { adminContext } from '../admin/index.js';
import { invoiceErrors } from './invoices.errors.js';
import type { InvoicesService } from './invoices.service.js';
import { InvoicesPage } from './views/invoices-page.js';

const PAGE_SIZE = 50;
const listQuery = z.object({ page: z.coerce.number().int().min(1).max(100000).catch(1).default(1) });
/** F-2026-000001, A-2026-000001: anything else is no invoice of ours. */
const numberParams = z.object({ number: z.string().regex(/^[FA]-\d{4}-\d{6}$/) });

/** The owner's list of invoices and credit notes, each PDF as issued (owner only, as the exports are). */
export async function invoicesAdminRoutes(app: FastifyInstance, { invoices }: { invoices: InvoicesService }) {
  const ownerOnly = { config: { ownerOnly: true } };

  app.get(adminPaths.invoices, ownerOnly, async (request, reply) => {
    const { page } = listQuery.parse(request.query);
    const { items } = await invoices.list({ limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE });
    return sendPage(reply, <InvoicesPage ctx={adminContext(request, reply)} documents={items.slice(0, PAGE_SIZE)} page={page} hasNext={items.length > PAGE_SIZE} />);
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

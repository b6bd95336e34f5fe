import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import type { Readable } from 'node:stream';
import { messagesByField, ValidationFailed, type FieldError } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { validate } from '../../platform/http/validation.js';
import { sendPage } from '../../platform/views/render.js';
import { adminContext } from '../admin/index.js';
import type { BookingService } from '../booking/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { CustomersService } from '../customers/index.js';
import type { RestrictedTest } from './exports.service.js';
import type { InvoiceReads } from '../invoices/index.js';
import type { PaymentReads } from '../payments/index.js';
import { createAccountingExports, type SalesGrouping } from './accounting-exports.service.js';
import { exportValidationTexts, groupingSchema, periodSchema } from './exports.schemas.js';
import { createExportsService, type ExportsPayments } from './exports.service.js';
import { ExportsPage } from './views/exports-page.js';

function sendFile(reply: FastifyReply, contentType: string, filename: string, body: string | Readable): FastifyReply {
  return reply
    .header('content-type', contentType)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

const sendCsv = (reply: FastifyReply, filename: string, body: string) => sendFile(reply, 'text/csv; charset=utf-8', filename, body);

type WithQuery = FastifyRequest<{ Querystring: Record<string, unknown> }>;

export interface ExportsDeps {
  booking: BookingService;
  catalog: CatalogService;
  customers: CustomersService;
  invoices: InvoiceReads;
  payments: PaymentReads;
  /** Each booking's reference (wired in app.ts from the booking module). */
  bookingReferences: (ids: string[]) => Promise<Map<string, string>>;
  /** Each back-office account's name or e-mail (wired in app.ts from the admin module). */
  accountNames: () => Promise<Map<string, string>>;
  /** Each booking's payment, for the bookings CSV (payments module's states); unset: no payment in it. */
  paymentStates?: ExportsPayments;
  /** Who is under a restriction of processing (GDPR art. 18): read once per export (restrictions module, app.ts). */
  restrictedTest?: RestrictedTest;
}

/** Back office: the accountant's files. Owner only, checked on every request. */
export async function exportsAdminRoutes(app: FastifyInstance, deps: ExportsDeps) {
  // The owner's pages: staff get a 403 page (the back-office guard, admin module).
  const ownerOnly = { config: { ownerOnly: true } };
  const exports = createExportsService({ ...deps, business: () => app.business.current() });
  const accounting = createAccountingExports({ ...deps, timezone: () => app.business.current().timezone });
  const zone = app.business.current().timezone;

  /** Last month, the usual period for the accountant. */
  function lastMonth() {
    const start = DateTime.fromJSDate(app.clock.now()).setZone(zone).startOf('month').minus({ months: 1 });
    return { from: start.toISODate()!, to: start.endOf('month').toISODate()! };
  }

  app.get(adminPaths.exports, ownerOnly, async (request, reply) => {
    const { from, to } = lastMonth();
    return sendPage(reply, <ExportsPage ctx={adminContext(request, reply)} from={from} to={to} per="day" errors={{}} />);
  });

  /**
   * A file of a period: the period (and the grouping, where asked) checked first; a bad one gives
   * the exports page again with each message beside its field (422), never a file nor a 5xx.
   */
  function periodFile(path: string, send: (reply: FastifyReply, input: { from: string; to: string; per: SalesGrouping }) => Promise<FastifyReply>) {
    app.get(path, ownerOnly, async (request: WithQuery, reply) => {
      const locale = requestLocale(request);
      const query = request.query ?? {};
      const problems: FieldError[] = [];
      const attempt = <T,>(check: () => T): T | undefined => {
        try {
          return check();
        } catch (error) {
          if (!(error instanceof ValidationFailed)) throw error;
          problems.push(...error.errors);
          return undefined;
        }
      };
      const period = attempt(() => validate(periodSchema, { from: query.from, to: query.to }, locale, exportValidationTexts));
      const grouping = attempt(() => validate(groupingSchema, { per: query.per }, locale, exportValidationTexts));
      if (period && grouping) return send(reply, { ...period, per: grouping.per ?? 'day' });
      const shown = (v: unknown) => (typeof v === 'string' ? v.slice(0, 10) : '');
      return sendPage(
        reply,
        <ExportsPage ctx={adminContext(request, reply)} from={shown(query.from)} to={shown(query.to)} per={shown(query.per)} errors={messagesByField(new ValidationFailed(problems))} />,
        422,
      );
    });
  }

  periodFile(adminPaths.exportBookings, async (reply, { from, to }) => sendCsv(reply, `reservations-${from}-${to}.csv`, await exports.bookingsCsv(from, to)));
  periodFile(adminPaths.exportPayments, async (reply, { from, to }) => sendCsv(reply, `paiements-${from}-${to}.csv`, await accounting.paymentsCsv(from, to)));
  periodFile(adminPaths.exportInvoices, async (reply, { from, to }) => sendCsv(reply, `factures-${from}-${to}.csv`, await accounting.invoicesCsv(from, to)));
  periodFile(adminPaths.exportPrivateSales, async (reply, { from, to, per }) =>
    sendCsv(reply, `ventes-particuliers-${per === 'day' ? 'par-jour' : 'par-mois'}-${from}-${to}.csv`, await accounting.privateSalesCsv(from, to, per)),
  );
  periodFile(adminPaths.exportInvoicePdfs, async (reply, { from, to }) => sendFile(reply, 'application/zip', `factures-${from}-${to}.zip`, await accounting.invoicePdfsZip(from, to)));

  app.get(adminPaths.exportCustomers, ownerOnly, async (request, reply) => {
    const day = DateTime.fromJSDate(app.clock.now()).setZone(zone).toISODate()!;
    return sendCsv(reply, `clients-${day}.csv`, await exports.customersCsv());
  });
}

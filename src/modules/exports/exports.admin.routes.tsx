import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { validate } from '../../platform/http/validation.js';
import { sendPage } from '../../platform/views/render.js';
import { adminContext } from '../admin/index.js';
import type { BookingService } from '../booking/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { CustomersService } from '../customers/index.js';
import { exportValidationTexts, periodSchema } from './exports.schemas.js';
import { createExportsService } from './exports.service.js';
import { ExportsPage } from './views/exports-page.js';

function sendCsv(reply: FastifyReply, filename: string, body: string): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

/** Back office: the accountant's files. Owner only, checked on every request. */
export async function exportsAdminRoutes(
  app: FastifyInstance,
  deps: { booking: BookingService; catalog: CatalogService; customers: CustomersService },
) {
  // The owner's pages: staff get a 403 page (the back-office guard, admin module).
  const ownerOnly = { config: { ownerOnly: true } };
  const exports = createExportsService({ ...deps, business: () => app.business.current() });
  const zone = app.business.current().timezone;

  /** Last month, the usual period for the accountant. */
  function lastMonth() {
    const start = DateTime.fromJSDate(app.clock.now()).setZone(zone).startOf('month').minus({ months: 1 });
    return { from: start.toISODate()!, to: start.endOf('month').toISODate()! };
  }

  app.get(adminPaths.exports, ownerOnly, async (request, reply) => {
    const { from, to } = lastMonth();
    return sendPage(reply, <ExportsPage ctx={adminContext(request, reply)} from={from} to={to} errors={{}} />);
  });

  app.get(adminPaths.exportBookings, ownerOnly, async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply) => {
    const locale = requestLocale(request);
    const query = request.query ?? {};
    try {
      const { from, to } = validate(periodSchema, { from: query.from, to: query.to }, locale, exportValidationTexts);
      return sendCsv(reply, `reservations-${from}-${to}.csv`, await exports.bookingsCsv(from, to));
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      const shown = (v: unknown) => (typeof v === 'string' ? v.slice(0, 10) : '');
      return sendPage(reply, <ExportsPage ctx={adminContext(request, reply)} from={shown(query.from)} to={shown(query.to)} errors={messagesByField(error)} />, 422);
    }
  });

  app.get(adminPaths.exportCustomers, ownerOnly, async (request, reply) => {
    const day = DateTime.fromJSDate(app.clock.now()).setZone(zone).toISODate()!;
    return sendCsv(reply, `clients-${day}.csv`, await exports.customersCsv());
  });
}

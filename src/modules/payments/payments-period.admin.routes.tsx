import type { FastifyInstance, FastifyRequest } from 'fastify';
import { messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { validate } from '../../platform/http/validation.js';
import { currentMonth, periodAsTyped, periodSchema, periodValidationTexts } from '../../platform/period.js';
import { sendPage } from '../../platform/views/render.js';
import { adminContext } from '../admin/index.js';
import type { PaymentReads } from './payment-reads.service.js';
import { PaymentsPeriodPage } from './views/payments-period-page.js';

export interface PaymentsPeriodDeps {
  reads: PaymentReads;
  /** Each booking's reference (the booking module's, wired in app.ts). */
  bookingReferences: (ids: string[]) => Promise<Map<string, string>>;
  /** Each back-office account's name or e-mail (the admin module's, wired in app.ts). */
  accountNames: () => Promise<Map<string, string>>;
}

/** The owner's « Paiements » page: payments and corrections of a period, totals per method, the days' closings and their hash. Owner only. */
export async function paymentsPeriodAdminRoutes(app: FastifyInstance, deps: PaymentsPeriodDeps) {
  const ownerOnly = { config: { ownerOnly: true } };

  app.get(adminPaths.payments, ownerOnly, async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply) => {
    const zone = app.business.current().timezone;
    const query = request.query ?? {};
    const ctx = adminContext(request, reply);
    const empty = { bookingReferences: new Map<string, string>(), accountNames: new Map<string, string>(), zone };
    // No period given: this month.
    const given = query.from !== undefined || query.to !== undefined;
    let period;
    try {
      period = given ? validate(periodSchema, { from: query.from, to: query.to }, requestLocale(request), periodValidationTexts) : currentMonth(app.clock.now(), zone);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return sendPage(reply, <PaymentsPeriodPage ctx={ctx} view={{ period: periodAsTyped(query), errors: messagesByField(error), ...empty }} />, 422);
    }
    const data = await deps.reads.period(period.from, period.to);
    const [bookingReferences, accountNames] = await Promise.all([deps.bookingReferences([...new Set(data.entries.map((e) => e.bookingId))]), deps.accountNames()]);
    return sendPage(reply, <PaymentsPeriodPage ctx={ctx} view={{ period, errors: {}, data, bookingReferences, accountNames, zone }} />);
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formStrings, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { localDateOf } from '../../platform/time-zone.js';
import { sendPage } from '../../platform/views/render.js';
import { adminContext } from '../admin/index.js';
import type { RefundsService } from './payments.refunds.js';
import type { PaymentsService } from './payments.service.js';
import { PaymentPage, refundRetryPath, type PaymentFormState } from './views/payment-views.js';

type WithId = FastifyRequest<{ Params: { id: string }; Body: Record<string, unknown> }>;

/**
 * Back office, owner and staff: a payment taken on site (or a correction) posted from the
 * booking's page; back to it on success, or this module's own page with the messages beside the fields.
 */
export async function paymentsAdminRoutes(app: FastifyInstance, deps: { payments: PaymentsService; refunds?: Pick<RefundsService, 'retry'> }) {
  const { payments, refunds } = deps;
  const today = () => localDateOf(app.clock.now().getTime(), app.business.current().timezone);

  async function page(request: FastifyRequest, reply: FastifyReply, bookingId: string, form: PaymentFormState, status = 200) {
    const ledger = await payments.forBooking(bookingId);
    return sendPage(reply, <PaymentPage ctx={adminContext(request, reply)} ledger={ledger} today={today()} form={form} />, status);
  }

  app.get(adminPaths.bookingPayment(':id'), async (request: WithId, reply) => page(request, reply, request.params.id, { errors: {}, values: {} }));

  async function post(request: WithId, reply: FastifyReply, write: () => Promise<unknown>) {
    try {
      await write();
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      // Nothing was written: the form again, as typed, each message beside its field.
      return page(request, reply, request.params.id, { errors: messagesByField(error), values: formStrings(request.body) }, 422);
    }
    return reply.redirect(`${adminPaths.booking(request.params.id)}#paiements`, 303);
  }

  app.post(adminPaths.bookingPayment(':id'), async (request: WithId, reply) =>
    post(request, reply, () => payments.record(request.params.id, formStrings(request.body), requestLocale(request), request.admin?.id ?? null)),
  );
  app.post(adminPaths.bookingPaymentCorrection(':id'), async (request: WithId, reply) =>
    post(request, reply, () => payments.correct(request.params.id, formStrings(request.body), requestLocale(request), request.admin?.id ?? null)),
  );

  // « Relancer »: a refund its provider refused, asked again (a new idempotency key); one already moving on is left as it is.
  app.post(refundRetryPath(':id', ':refundId'), async (request: FastifyRequest<{ Params: { id: string; refundId: string } }>, reply) => {
    if (refunds) await refunds.retry(request.params.id, request.params.refundId);
    return reply.redirect(`${adminPaths.booking(request.params.id)}#paiements`, 303);
  });
}

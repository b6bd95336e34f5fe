import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { validate } from '../../platform/http/validation.js';
import { bookingApiErrors, type BookingService } from '../booking/index.js';
import type { CustomersService } from '../customers/index.js';
import { invoiceErrors, type InvoicesService } from '../invoices/index.js';
import type { PaymentsService } from '../payments/index.js';
import type { WebhooksService } from '../webhooks/index.js';
import { ownerApiErrors, ownerApiFieldMessages } from './owner-api.errors.js';
import type { ApiKeysService } from './owner-api.keys.js';
import type { Representations } from './owner-api.representation.js';
import {
  adminBookingsQuerySchema,
  adminCancelRequestSchema,
  adminCustomersQuerySchema,
  adminMoveRequestSchema,
  bookingIdParamsSchema,
  invoiceFileParamsSchema,
  MAX_ADMIN_RANGE_DAYS,
  ownerApiValidationTexts,
  webhookIdParamsSchema,
} from './owner-api.schemas.js';

export interface OwnerApiDeps {
  keys: ApiKeysService;
  booking: BookingService;
  customers: CustomersService;
  webhooks: WebhooksService;
  representations: Representations;
  payments: Pick<PaymentsService, 'recordedBetween'>;
  invoices: Pick<InvoicesService, 'issuedBetween' | 'pdf'>;
}

/** What the owner's booking through the API adds to the public booking request. */
function ownerOptions(body: unknown, locale: 'fr' | 'en'): { request: Record<string, unknown>; force: boolean; notifyCustomer: boolean } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationFailed([{ field: 'body', message: locale === 'fr' ? 'Le corps de la requête doit être un objet JSON.' : 'The request body must be a JSON object.' }]);
  const { force = false, notifyCustomer = true, ...request } = body as Record<string, unknown>;
  const errors = [];
  if (typeof force !== 'boolean') errors.push({ field: 'force', message: locale === 'fr' ? 'force vaut true ou false.' : 'force is true or false.' });
  if (typeof notifyCustomer !== 'boolean') errors.push({ field: 'notifyCustomer', message: locale === 'fr' ? 'notifyCustomer vaut true ou false.' : 'notifyCustomer is true or false.' });
  if (errors.length) throw new ValidationFailed(errors);
  return { request, force: force as boolean, notifyCustomer: notifyCustomer as boolean };
}

/**
 * The API of the owner's other tools (accounting, messaging): what the owner sees and does in the
 * back office, with `Authorization: Bearer <key>`; a read key only reads. Described in /api/openapi.json.
 */
export async function ownerApiRoutes(app: FastifyInstance, { keys, booking, customers, webhooks, representations, payments, invoices }: OwnerApiDeps) {
  const zone = app.business.current().timezone;

  const authenticated = (scope: 'read' | 'write') => ({
    onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
      const header = request.headers.authorization;
      if (!header) {
        reply.header('www-authenticate', 'Bearer realm="wservices"');
        throw ownerApiErrors.API_KEY_MISSING();
      }
      const presented = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
      const key = presented === undefined ? undefined : await keys.verify(presented);
      if (!key) {
        reply.header('www-authenticate', 'Bearer realm="wservices", error="invalid_token"');
        throw ownerApiErrors.API_KEY_INVALID();
      }
      if (scope === 'write' && key.scope !== 'write') throw ownerApiErrors.API_KEY_READ_ONLY();
    },
  });
  const read = authenticated('read');
  const write = authenticated('write');
  const requireJson = (request: FastifyRequest) => {
    if (!/^application\/(.+\+)?json\b/i.test(request.headers['content-type'] ?? '')) throw bookingApiErrors.JSON_REQUIRED();
  };

  /** from and to, local days of the business (both included), checked: the same period rules for every list. */
  function periodOf(request: FastifyRequest): { first: DateTime; last: DateTime; fromIso: string; toIso: string } {
    const locale = requestLocale(request);
    const { from, to } = validate(adminBookingsQuerySchema, request.query, locale, ownerApiValidationTexts);
    const first = DateTime.fromISO(from, { zone });
    const last = DateTime.fromISO(to, { zone });
    if (!first.isValid) throw new ValidationFailed([{ field: 'from', message: ownerApiValidationTexts[locale].date!.replace('{label}', ownerApiValidationTexts[locale]['label.from']!) }]);
    if (!last.isValid) throw new ValidationFailed([{ field: 'to', message: ownerApiValidationTexts[locale].date!.replace('{label}', ownerApiValidationTexts[locale]['label.to']!) }]);
    if (last < first) throw new ValidationFailed([ownerApiFieldMessages.RANGE_REVERSED(locale)]);
    if (last.diff(first, 'days').days >= MAX_ADMIN_RANGE_DAYS) throw new ValidationFailed([ownerApiFieldMessages.RANGE_TOO_LONG(locale)]);
    return { first, last, fromIso: first.startOf('day').toUTC().toISO()!, toIso: last.plus({ days: 1 }).startOf('day').toUTC().toISO()! };
  }

  app.get('/api/v1/admin/bookings', read, async (request) => {
    const { fromIso, toIso } = periodOf(request);
    const list = await booking.startingBetween(fromIso, toIso);
    return representations.bookings(list);
  });

  /** Payments and corrections recorded in the period (by the instant recorded, as the daily closings count them). */
  app.get('/api/v1/admin/payments', read, async (request) => {
    const { fromIso, toIso } = periodOf(request);
    const list = await payments.recordedBetween(fromIso, toIso);
    return Promise.all(list.map((p) => representations.payment(p)));
  });

  /** Invoices and credit notes issued in the period (by issue date), each with its PDF's URL. */
  app.get('/api/v1/admin/invoices', read, async (request) => {
    const { first, last } = periodOf(request);
    const list = await invoices.issuedBetween(first.toISODate()!, last.toISODate()!);
    return Promise.all(list.map((d) => representations.invoice(d)));
  });

  app.get('/api/v1/admin/invoices/:file', read, async (request, reply) => {
    const { file } = validate(invoiceFileParamsSchema, request.params, requestLocale(request), ownerApiValidationTexts);
    const number = file.replace(/\.pdf$/, '');
    const pdf = await invoices.pdf(number);
    if (!pdf) throw invoiceErrors.INVOICE_NOT_FOUND();
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${number}.pdf"`).header('cache-control', 'private, no-store').send(pdf);
  });

  app.get('/api/v1/admin/customers', read, async (request) => {
    const { q, page } = validate(adminCustomersQuerySchema, request.query, requestLocale(request), ownerApiValidationTexts);
    const { customers: found } = await customers.search(q ?? '', page ?? 1);
    return representations.customers(found, { searched: (q ?? '').trim() !== '' });
  });

  app.post('/api/v1/admin/bookings', write, async (request, reply) => {
    const locale = requestLocale(request);
    requireJson(request);
    const { request: input, force, notifyCustomer } = ownerOptions(request.body, locale);
    const bodyLocale = input.locale;
    const result = await booking.bookSlot(input, {
      locale: bodyLocale === 'en' || bodyLocale === 'fr' ? bodyLocale : locale,
      source: 'owner',
      owner: { force, notifyCustomer },
      requireTermsAcceptance: false,
    });
    return reply.code(201).send(await representations.booking(result.booking));
  });

  app.post('/api/v1/admin/bookings/:id/cancel', write, async (request) => {
    const locale = requestLocale(request);
    const { id } = validate(bookingIdParamsSchema, request.params, locale, ownerApiValidationTexts);
    const { reason } = validate(adminCancelRequestSchema, request.body ?? {}, locale, ownerApiValidationTexts);
    return representations.booking(await booking.cancelByOwner(id, reason || null));
  });

  app.post('/api/v1/admin/bookings/:id/move', write, async (request) => {
    const locale = requestLocale(request);
    requireJson(request);
    const { id } = validate(bookingIdParamsSchema, request.params, locale, ownerApiValidationTexts);
    const { start, reason } = validate(adminMoveRequestSchema, request.body, locale, ownerApiValidationTexts);
    return representations.booking(await booking.moveByOwner(id, start, reason || null, locale));
  });

  app.get('/api/v1/admin/webhooks', read, async () => webhooks.list());

  app.post('/api/v1/admin/webhooks', write, async (request, reply) => {
    requireJson(request);
    return reply.code(201).send(await webhooks.create(request.body, requestLocale(request)));
  });

  app.delete('/api/v1/admin/webhooks/:id', write, async (request, reply) => {
    const { id } = validate(webhookIdParamsSchema, request.params, requestLocale(request), ownerApiValidationTexts);
    await webhooks.remove(id);
    return reply.code(204).send();
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { AppError, formStrings, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { randomToken } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { formatTime } from '../../platform/i18n/format.js';
import { calendarDate, isCalendarDate, localTimeToInstant, toOffsetIso } from '../../platform/time-zone.js';
import { sendPage } from '../../platform/views/render.js';
import type { Errors } from '../../ui/form.js';
import { adminContext } from '../admin/index.js';
import type { CatalogService, Service } from '../catalog/index.js';
import type { Customer, CustomersService } from '../customers/index.js';
import type { BookingService } from './booking.service.js';
import { unflatten } from './booking.routes.js';
import type { Booking } from './booking.model.js';
import { quantityFromForm } from './quantity.js';
import { BookingCustomerPage, customerValues, OwnerBookingPage, ownerWarningText, type OwnerFormValues, type OwnerSlot } from './views/owner-booking-page.js';

const formKey = /^[A-Za-z0-9_-]{16,64}$/;

/** "9h30", "9h", "09:30", "14 h 00" → minutes after midnight; undefined otherwise. */
export function parseClockTime(value: string): number | undefined {
  const m = /^\s*(\d{1,2})\s*(?:[h:]\s*(\d{2})?)?\s*$/i.exec(value);
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = m[2] === undefined ? 0 : Number(m[2]);
  if (hours > 23 || minutes > 59 || (m[2] === undefined && !/h/i.test(value))) return undefined;
  return hours * 60 + minutes;
}

/**
 * Back office: a booking taken by the owner (a customer who phones). Service and day, then a
 * time (a free slot, or after an explicit warning a full one or a time off the grid), then an
 * existing customer (search) or a new one; the customer is mailed unless the owner unticks it.
 */
export async function ownerBookingAdminRoutes(
  app: FastifyInstance,
  deps: { booking: BookingService; catalog: CatalogService; customers: CustomersService },
) {
  const { booking, catalog, customers } = deps;
  const zone = app.business.current().timezone;

  const today = () => DateTime.fromJSDate(app.clock.now()).setZone(zone).toISODate()!;

  async function findService(slug: string | undefined): Promise<Service | undefined> {
    if (!slug) return undefined;
    try {
      return await catalog.serviceBySlug(slug);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return undefined;
      throw error;
    }
  }

  async function slotsOn(service: Service, day: string, locale: Locale): Promise<OwnerSlot[]> {
    const slots = await booking.slotsOf(service, day, day, { includeUnavailable: true, ignoreNoticeAndHorizon: true });
    const now = app.clock.now().getTime();
    return slots.filter((s) => s.start > now).map((s) => ({ start: toOffsetIso(s.start, zone), label: formatTime(new Date(s.start), locale, zone), remaining: s.remaining }));
  }

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { slug?: string | undefined; day?: string | undefined; q?: string; clientId?: string | undefined; values?: OwnerFormValues; errors?: Errors; warning?: string; idempotencyKey?: string },
    status = 200,
  ) {
    const locale = requestLocale(request);
    const services = (await catalog.listServices({ activeOnly: false })).filter((s) => s.active);
    const service = await findService(state.slug);
    const day = state.day && isCalendarDate(state.day) ? state.day : today();
    const q = (state.q ?? '').trim().slice(0, 100);
    let chosen: Customer | undefined;
    if (state.clientId) {
      try {
        chosen = await customers.get(state.clientId);
      } catch (error) {
        if (!(error instanceof AppError && error.status === 404)) throw error;
      }
    }
    // The service is chosen in the "prestation" field of the page.
    const { service: serviceError, ...errors }: Errors = { ...(state.errors ?? {}) };
    if (serviceError) errors.prestation = serviceError;
    if (state.slug && !service) errors.prestation = locale === 'fr' ? 'Cette prestation n’existe pas ou n’est plus proposée.' : 'This service does not exist or is no longer offered.';
    return sendPage(
      reply,
      <OwnerBookingPage
        ctx={adminContext(request, reply)}
        services={services}
        service={service}
        day={day}
        slots={service ? await slotsOn(service, day, locale) : null}
        q={q}
        found={q ? (await customers.search(q, 1)).customers.slice(0, 10) : null}
        chosen={chosen}
        values={state.values ?? (chosen ? customerValues(chosen) : { 'customer.country': app.business.current().address.country })}
        errors={errors}
        idempotencyKey={state.idempotencyKey ?? randomToken(24)}
        warning={state.warning}
      />,
      status,
    );
  }

  app.get(adminPaths.newBooking, async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply) => {
    const query = request.query ?? {};
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return render(request, reply, { slug: str(query.prestation), day: str(query.jour), q: str(query.q) ?? '', clientId: str(query.client) });
  });

  app.post(adminPaths.newBooking, async (request: FastifyRequest<{ Body: unknown }>, reply) => {
    const locale = requestLocale(request);
    const values = formStrings(request.body);
    const idempotencyKey = values.idempotencyKey && formKey.test(values.idempotencyKey) ? values.idempotencyKey : undefined;
    const day = values.jour && isCalendarDate(values.jour) ? values.jour : undefined;
    const again = (extra: { errors?: Errors; warning?: string }, status: number) =>
      render(request, reply, { slug: values.service, day, values, ...extra, ...(idempotencyKey ? { idempotencyKey } : {}) }, status);

    let start = values.start ?? '';
    if (start === 'autre') {
      const minutes = parseClockTime(values.heure ?? '');
      if (minutes === undefined || !day) {
        const message = locale === 'fr' ? 'Indiquez l’heure comme 9h30 ou 14:00.' : 'Enter the time as 9:30 or 14:00.';
        return again({ errors: { heure: message } }, 422);
      }
      const { year, month, day: d } = calendarDate(day);
      start = toOffsetIso(localTimeToInstant(zone, year, month, d, Math.floor(minutes / 60), minutes % 60), zone);
    }
    const fields = unflatten(values);
    const input = {
      service: values.service ?? '',
      start,
      customer: fields.customer ?? {},
      locale: values.locale ?? 'fr',
      requestEarlyPerformance: values.requestEarlyPerformance === 'on',
      quantity: quantityFromForm(values.quantity),
    };
    try {
      const result = await booking.bookSlot(input, {
        locale,
        source: 'owner',
        idempotencyKey,
        requireTermsAcceptance: false,
        owner: { force: values.confirmer === '1', notifyCustomer: values.notify === 'on' },
      });
      return reply.redirect(adminPaths.booking(result.booking.id), 303);
    } catch (error) {
      if (error instanceof ValidationFailed) return again({ errors: messagesByField(error) }, 422);
      // Each of these the owner may override, once warned: a full slot, too few places left, a time off the grid.
      if (error instanceof AppError && (error.code === 'SLOT_TAKEN' || error.code === 'NOT_ENOUGH_PLACES' || error.code === 'OUTSIDE_HOURS')) {
        return again({ warning: error.code === 'OUTSIDE_HOURS' ? error.messageIn(locale) : ownerWarningText(error.code, locale) }, 409);
      }
      if (error instanceof AppError && error.status < 500) return again({ errors: { [error.field ?? 'start']: error.messageIn(locale) } }, error.status);
      throw error;
    }
  });

  // ── Correcting the details given for one booking ──

  function snapshotValues(b: Booking): OwnerFormValues {
    const c = b.customer;
    return {
      'customer.lastName': c.lastName ?? '',
      'customer.firstName': c.firstName ?? '',
      'customer.company': c.company ?? '',
      'customer.country': c.country ?? '',
      'customer.email': c.email,
      'customer.phone': c.phone ?? '',
      'customer.address.line1': c.address?.line1 ?? '',
      'customer.address.line2': c.address?.line2 ?? '',
      'customer.address.postalCode': c.address?.postalCode ?? '',
      'customer.address.city': c.address?.city ?? '',
      'customer.address.country': c.address?.country ?? '',
    };
  }

  const titleOf = (b: Booking) => `${b.reference}`;

  app.get(adminPaths.bookingCustomer(':id'), async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const found = await booking.getById(request.params.id);
    const { requiredFields } = await catalog.serviceById(found.serviceId);
    return sendPage(reply, <BookingCustomerPage ctx={adminContext(request, reply)} bookingId={found.id} title={titleOf(found)} values={snapshotValues(found)} errors={{}} required={requiredFields} />);
  });

  app.post(adminPaths.bookingCustomer(':id'), async (request: FastifyRequest<{ Params: { id: string }; Body: unknown }>, reply) => {
    const locale = requestLocale(request);
    const found = await booking.getById(request.params.id);
    const values = formStrings(request.body);
    try {
      const account = request.admin!;
      await booking.correctCustomerDetails(found.id, unflatten(values).customer ?? {}, { id: account.id, email: account.email }, locale);
      return reply.redirect(adminPaths.booking(found.id), 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      const { requiredFields } = await catalog.serviceById(found.serviceId);
      return sendPage(reply, <BookingCustomerPage ctx={adminContext(request, reply)} bookingId={found.id} title={titleOf(found)} values={values} errors={messagesByField(error)} required={requiredFields} />, 422);
    }
  });
}

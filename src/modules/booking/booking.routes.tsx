import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, formStrings, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { paths } from '../../platform/http/paths.js';
import { randomToken } from '../../platform/ids.js';
import { formatCalendarDate, formatDayLabel } from '../../platform/i18n/format.js';
import { addDays, isCalendarDate, localDateOf } from '../../platform/time-zone.js';
import { locales, type Locale } from '../../platform/i18n/locale.js';
import { pageContext } from '../../platform/views/page-context.js';
import { renderDocument, sendHtml, sendPage } from '../../platform/views/render.js';
import type { PageCache } from '../../platform/http/page-cache.js';
import { limitedBy, type RateLimitHook } from '../../platform/http/rate-limit.js';
import { clockText } from '../../ui/clock-text.js';
import type { Errors } from '../../ui/form.js';
import type { CatalogService, Service } from '../catalog/index.js';
import type { CustomerPaymentState } from '../payments/index.js';
import type { PrivacyService } from '../privacy/index.js';
import type { SlotPickerProps } from './islands/slot-picker.island.js';
import { toOffsetIso } from './availability.js';
import type { Booking } from './booking.model.js';
import type { BookingService } from './booking.service.js';
import { quantityFromForm } from './quantity.js';
import { firstDayAfterWithdrawalPeriod } from './booking-withdrawal.js';
import { BookingFormPage, type FormValues } from './views/booking-form-page.js';
import { BookingPage, CancelConfirmPage, cancelRefundPreview, type CustomerInvoiceLink } from './views/booking-page.js';
import { MovePage } from './views/move-page.js';
import { PaymentCancelledPage, PaymentCheckingPage, PaymentRedirectPage } from './views/payment-pages.js';
import { ServicePage } from './views/service-page.js';

const STRIP_DAYS = 14;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
/** The form's hidden key as renderForm makes it (randomToken(18)); anything else was not sent by our form. */
const formKey = /^[A-Za-z0-9_-]{16,64}$/;
const servicePageQuery = z.object({
  date: z.string().regex(isoDate).optional().catch(undefined),
  from: z.string().regex(isoDate).optional().catch(undefined),
});

/** "customer.address.city" form fields → nested objects, as the JSON API receives them. */
export function unflatten(body: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const parts = key.split('.');
    if (parts.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) continue;
    let target = result;
    for (const part of parts.slice(0, -1)) {
      if (typeof target[part] !== 'object' || target[part] === null) target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
    target[parts[parts.length - 1]!] = value;
  }
  return result;
}


/**
 * A customer's move refused, as the picker shows it: the message beside the times, with its status;
 * undefined for what is not the customer's doing (a booking not found is the 404 page).
 */
export function moveErrors(error: unknown, locale: Locale): { errors: Errors; status: number } | undefined {
  if (error instanceof ValidationFailed) return { errors: { start: error.errors.map((e) => e.message).join(' ') }, status: 422 };
  if (error instanceof AppError && error.status < 500 && error.code !== 'BOOKING_NOT_FOUND') return { errors: { start: error.messageIn(locale) }, status: error.status };
  return undefined;
}

/** A real calendar date "YYYY-MM-DD" (not 2026-02-30), or undefined. */
function validDate(value: string | undefined): string | undefined {
  return value && isCalendarDate(value) ? value : undefined;
}

/** The public booking flow: service page (day → slot), details form, the customer's booking page; and the JSON API. */
export interface BookingRoutesDeps {
  booking: BookingService;
  catalog: CatalogService;
  privacy: PrivacyService;
  /** The per-client limit on booking submissions, shared with the API; undefined disables it. */
  rateLimit: RateLimitHook | undefined;
  pages: PageCache;
  /** Online payments (payments module, wired in app.ts); unset: every booking is paid on site. */
  payments?: BookingRoutesPayments;
  /** The booking's invoices and credit notes (invoices module, wired in app.ts), listed on its private page. */
  invoicesOf?: (bookingId: string) => Promise<Omit<CustomerInvoiceLink, 'href'>[]>;
}

export interface BookingRoutesPayments {
  /** The provider's page for the booking's pending attempt; null when none is pending or the provider cannot be reached. */
  checkoutUrl(bookingId: string): Promise<string | null>;
  /** Asks the provider where the booking's latest attempt stands and applies it (confirmed, or still pending). */
  settle(bookingId: string): Promise<void>;
  /** Until when the place is held for the payment. */
  holdUntil(bookingId: string): Promise<string | null>;
  /** Where the booking's payment stands, as the customer reads it. */
  stateOf?(booking: Booking): Promise<CustomerPaymentState>;
}

export async function bookingRoutes(app: FastifyInstance, { booking, catalog, privacy, rateLimit, pages, payments, invoicesOf }: BookingRoutesDeps) {
  const limited = limitedBy(rateLimit);
  // The time zone is set when the database is first seeded; the rest of the profile is read per request.
  const zone = app.business.current().timezone;

  async function servicePicker(service: Service, locale: Locale, query: z.infer<typeof servicePageQuery>): Promise<SlotPickerProps> {
    // Calendar dates as "YYYY-MM-DD" strings: they compare and step without time-zone arithmetic.
    const today = localDateOf(app.clock.now().getTime(), zone);
    const lastDay = addDays(today, service.horizonDays);
    const selectedDay = validDate(query.date);
    let from = validDate(query.from) ?? selectedDay ?? today;
    if (from < today) from = today;
    if (from > lastDay) from = lastDay;
    const to = addDays(from, STRIP_DAYS - 1);
    const slots = await booking.slotsOf(service, from, to);
    const byDay = new Map<string, { start: string; remaining: number }[]>();
    for (const slot of slots) {
      const start = toOffsetIso(slot.start, zone);
      const day = start.slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), { start, remaining: slot.remaining }]);
    }
    const base = paths.service(locale, service.slug);
    const days = Array.from({ length: STRIP_DAYS }, (_, i) => {
      const date = addDays(from, i);
      return { date, ...formatDayLabel(date, locale), count: byDay.get(date)?.length ?? 0, href: `${base}?from=${from}&date=${date}` };
    });
    const selectedDate = selectedDay && days.some((d) => d.date === selectedDay) ? selectedDay : (days.find((d) => d.count > 0)?.date ?? null);
    const formPath = paths.bookingForm(locale, service.slug);
    const previousFrom = addDays(from, -STRIP_DAYS);
    const nextFrom = addDays(from, STRIP_DAYS);
    return {
      locale,
      zone,
      // A session's places are its own: show the places left whatever the service's default.
      capacity: service.scheduling === 'sessions' ? Math.max(2, service.capacity) : service.capacity,
      days,
      selectedDate,
      selectedLabel: selectedDate ? formatCalendarDate(selectedDate, locale) : null,
      // "…T10:00:00+01:00" holds the local time already: its hours and minutes are the label.
      slots: (selectedDate ? (byDay.get(selectedDate) ?? []) : []).map(({ start, remaining }) => ({
        start,
        label: clockText(start.slice(11, 16), locale),
        remaining,
        href: `${formPath}?start=${encodeURIComponent(start)}`,
      })),
      slotsApi: `/api/v1/services/${encodeURIComponent(service.slug)}/slots`,
      formPath,
      previous: from > today ? `${base}?from=${previousFrom < today ? today : previousFrom}` : null,
      next: nextFrom <= lastDay ? `${base}?from=${nextFrom}` : null,
    };
  }

  async function servicePageHtml(request: FastifyRequest, locale: Locale, service: Service, query: z.infer<typeof servicePageQuery>, alert?: string): Promise<string> {
    const other: Locale = locale === 'fr' ? 'en' : 'fr';
    const picker = await servicePicker(service, locale, query);
    // The general statement: for a date beyond the 14 days; the form adds what applies to the chosen slot.
    const withdrawal = booking.withdrawalFor(service, new Date(app.clock.now().getTime() + 30 * 24 * 3_600_000).toISOString(), locale).text;
    return renderDocument(
      <ServicePage ctx={pageContext(request, paths.service(other, service.slug))} service={service} picker={picker} withdrawal={withdrawal} alert={alert} />,
    );
  }

  /** The service page with a message on top (a slot just taken, a time not offered): never cached. */
  async function renderServicePage(request: FastifyRequest, reply: FastifyReply, locale: Locale, service: Service, query: z.infer<typeof servicePageQuery>, alert: string, status: number) {
    return sendHtml(reply, await servicePageHtml(request, locale, service, query, alert), status);
  }

  async function renderForm(request: FastifyRequest, reply: FastifyReply, locale: Locale, service: Service, start: string, values: FormValues, errors: Errors, status = 200) {
    const other: Locale = locale === 'fr' ? 'en' : 'fr';
    const maxQuantity = await booking.maxQuantityAt(service, start);
    const withdrawal = booking.withdrawalFor(service, start, locale);
    // The other choice for a slot inside the withdrawal period: a date after it, if the service can be booked that far ahead.
    const now = app.clock.now().getTime();
    const laterFrom = firstDayAfterWithdrawalPeriod(now, zone);
    const offersLater = withdrawal.earlyPerformance !== undefined && laterFrom <= addDays(localDateOf(now, zone), service.horizonDays);
    return sendPage(
      reply,
      <BookingFormPage
        ctx={pageContext(request, `${paths.bookingForm(other, service.slug)}?start=${encodeURIComponent(start)}`)}
        service={service}
        start={start}
        values={values}
        errors={errors}
        idempotencyKey={values.idempotencyKey && formKey.test(values.idempotencyKey) ? values.idempotencyKey : randomToken(18)}
        collectionNotice={privacy.collectionNotice('bookings', locale)}
        withdrawal={withdrawal}
        laterFrom={offersLater ? laterFrom : undefined}
        termsVersion={booking.termsVersion()}
        maxQuantity={maxQuantity}
        paymentChoices={booking.paymentChoices(service)}
      />,
      status,
    );
  }

  function noStorePrivate(reply: FastifyReply): FastifyReply {
    // The address holds the private token: keep it out of caches, referrers and search engines.
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex, nofollow');
  }

  for (const locale of locales) {
    app.get(paths.service(locale, ':slug'), async (request: FastifyRequest<{ Params: { slug: string } }>, reply) => {
      const { slug } = request.params;
      const query = servicePageQuery.parse(request.query ?? {});
      const key = `service|${locale}|${slug}|${query.from ?? ''}|${query.date ?? ''}`;
      const html = await pages.remember(key, async () => servicePageHtml(request, locale, await catalog.serviceBySlug(slug), query));
      return sendHtml(reply, html);
    });

    app.get(paths.bookingForm(locale, ':slug'), async (request: FastifyRequest<{ Params: { slug: string }; Querystring: { start?: string } }>, reply) => {
      const service = await catalog.serviceBySlug(request.params.slug);
      const start = typeof request.query.start === 'string' ? request.query.start : '';
      const state = await booking.slotState(service, start);
      if (state !== 'free') {
        return renderServicePage(request, reply, locale, service, { date: start.slice(0, 10) }, booking.slotStateMessage(state, locale), state === 'taken' ? 409 : 422);
      }
      return renderForm(request, reply, locale, service, start, {}, {});
    });

    app.post<{ Params: { slug: string }; Body: Record<string, unknown> }>(paths.bookingForm(locale, ':slug'), limited, async (request, reply) => {
      const service = await catalog.serviceBySlug(request.params.slug);
      const values = formStrings(request.body);
      const fields = unflatten(values);
      const input = {
        service: service.slug,
        start: values.start ?? '',
        customer: fields.customer ?? {},
        locale,
        acceptTerms: values.acceptTerms === 'on',
        requestEarlyPerformance: values.requestEarlyPerformance === 'on',
        quantity: quantityFromForm(values.quantity),
        ...(values.payment ? { payment: values.payment } : {}),
      };
      try {
        // A key our form could not have sent (say 20 kB long) is not stored: the request goes through without one.
        const idempotencyKey = values.idempotencyKey && formKey.test(values.idempotencyKey) ? values.idempotencyKey : undefined;
        const result = await booking.bookSlot(input, { locale, source: 'web', idempotencyKey, requireTermsAcceptance: true });
        const token = booking.manageToken(result.booking.reference);
        if (result.booking.status === 'confirmed' && result.booking.awaitingPayment) {
          // On to the provider's page (our own page first: see PaymentRedirectPage); when it cannot be reached, the page to try again.
          const checkout = await payments?.checkoutUrl(result.booking.id);
          if (!checkout) return reply.redirect(`${paths.bookingPaymentCancelled(locale, result.booking.reference, token)}?indisponible=1`, 303);
          return sendPage(noStorePrivate(reply), <PaymentRedirectPage ctx={pageContext(request, paths.service(locale === 'fr' ? 'en' : 'fr', service.slug))} url={checkout} />);
        }
        const url = paths.booking(locale, result.booking.reference, token);
        return reply.redirect(`${url}?confirmee=1`, 303);
      } catch (error) {
        if (error instanceof ValidationFailed) {
          const errors = messagesByField(error);
          const startError = errors.start;
          if (startError) return renderServicePage(request, reply, locale, service, { date: (values.start ?? '').slice(0, 10) }, startError, 422);
          return renderForm(request, reply, locale, service, values.start ?? '', values, errors, 422);
        }
        if (error instanceof AppError && error.code === 'SLOT_TAKEN') {
          return renderServicePage(request, reply, locale, service, { date: (values.start ?? '').slice(0, 10) }, error.messageIn(locale), 409);
        }
        if (error instanceof AppError && error.code === 'IDEMPOTENCY_KEY_REUSED') {
          // This form already made a booking and was sent again with other details (Back, edit, send):
          // say so plainly, and start a new booking from the slots rather than risk a second one unawares.
          const message =
            locale === 'fr'
              ? 'Ce formulaire a déjà servi à une réservation\u00a0: sa confirmation est dans votre boîte e-mail. Pour une autre réservation, choisissez un créneau ci-dessous.'
              : 'This form has already made a booking: its confirmation is in your mailbox. For another booking, choose a time below.';
          return renderServicePage(request, reply, locale, service, { date: (values.start ?? '').slice(0, 10) }, message, 409);
        }
        if (error instanceof AppError && error.field) return renderForm(request, reply, locale, service, values.start ?? '', values, { [error.field]: error.messageIn(locale) }, error.status);
        throw error;
      }
    });

    const bookingPath = paths.booking(locale, ':reference', ':token');
    type BookingRequest = FastifyRequest<{
      Params: { reference: string; token: string };
      Querystring: { confirmee?: string; annulee?: string; deplacee?: string; jour?: string };
      Body: Record<string, unknown> | undefined;
    }>;
    const linksOf = (reference: string, token: string) => ({
      page: paths.booking(locale, reference, token),
      calendar: paths.bookingCalendar(locale, reference, token),
      move: paths.bookingMove(locale, reference, token),
      cancel: paths.bookingCancel(locale, reference, token),
    });

    app.get(bookingPath, async (request: BookingRequest, reply) => {
      const { reference, token } = request.params;
      const found = await booking.findForCustomer(reference, token);
      const other: Locale = locale === 'fr' ? 'en' : 'fr';
      const q = request.query;
      const notice = q.confirmee === '1' ? 'confirmed' : q.annulee === '1' ? 'cancelled' : q.deplacee === '1' ? 'moved' : undefined;
      const paymentState = await payments?.stateOf?.(found.booking);
      return sendPage(
        noStorePrivate(reply),
        <BookingPage
          ctx={pageContext(request, paths.booking(other, reference, token))}
          booking={found.booking}
          service={found.service}
          links={linksOf(reference, token)}
          notice={notice}
          withdrawal={booking.withdrawalOf(found.booking, locale).text}
          changes={booking.customerChanges(found.booking, found.service)}
          payment={paymentState ? { state: paymentState, now: app.clock.now().getTime(), resumeAction: paths.bookingPaymentCancelled(locale, reference, token) } : undefined}
          invoices={(await invoicesOf?.(found.booking.id))?.map((d) => ({ ...d, href: paths.bookingInvoice(locale, reference, token, d.number) }))}
          refund={await booking.cancellationRefundText(found.booking, locale)}
        />,
      );
    });

    // Back from the provider: a success redirect proves nothing; the provider is asked, and the page says where things stand.
    app.get(paths.bookingPaymentReturn(locale, ':reference', ':token'), async (request: BookingRequest, reply) => {
      const { reference, token } = request.params;
      let found = await booking.findForCustomer(reference, token);
      if (found.booking.status === 'confirmed' && found.booking.awaitingPayment && payments) {
        await payments.settle(found.booking.id);
        found = await booking.findForCustomer(reference, token);
      }
      const page = paths.booking(locale, reference, token);
      if (found.booking.status !== 'confirmed' || !found.booking.awaitingPayment) return reply.redirect(found.booking.status === 'confirmed' ? `${page}?confirmee=1` : page, 303);
      const other: Locale = locale === 'fr' ? 'en' : 'fr';
      return sendPage(
        noStorePrivate(reply),
        <PaymentCheckingPage ctx={pageContext(request, paths.bookingPaymentReturn(other, reference, token))} booking={found.booking} service={found.service} bookingUrl={page} selfUrl={paths.bookingPaymentReturn(locale, reference, token)} />,
      );
    });

    async function renderPaymentCancelled(request: BookingRequest, reply: FastifyReply, unavailable: boolean) {
      const { reference, token } = request.params;
      const found = await booking.findForCustomer(reference, token);
      const page = paths.booking(locale, reference, token);
      const holdUntil = found.booking.status === 'confirmed' && found.booking.awaitingPayment ? await payments?.holdUntil(found.booking.id) : null;
      if (!holdUntil) return reply.redirect(page, 303);
      const other: Locale = locale === 'fr' ? 'en' : 'fr';
      return sendPage(
        noStorePrivate(reply),
        <PaymentCancelledPage
          ctx={pageContext(request, paths.bookingPaymentCancelled(other, reference, token))}
          booking={found.booking}
          service={found.service}
          bookingUrl={page}
          action={paths.bookingPaymentCancelled(locale, reference, token)}
          holdUntil={holdUntil}
          offersOnSite={booking.paymentChoices(found.service).includes('on_site')}
          unavailable={unavailable}
        />,
      );
    }

    // Back from the provider without paying: pay again (the same checkout while it lasts), or on site where the service allows it.
    app.get(paths.bookingPaymentCancelled(locale, ':reference', ':token'), async (request: BookingRequest, reply) =>
      renderPaymentCancelled(request, reply, (request.query as { indisponible?: string }).indisponible === '1'),
    );

    app.post(paths.bookingPaymentCancelled(locale, ':reference', ':token'), async (request: BookingRequest, reply) => {
      const { reference, token } = request.params;
      const values = formStrings(request.body);
      const found = await booking.findForCustomer(reference, token);
      if (values.choice === 'on_site' && booking.paymentChoices(found.service).includes('on_site')) {
        await booking.payOnSiteInstead({ reference, token });
        return reply.redirect(`${paths.booking(locale, reference, token)}?confirmee=1`, 303);
      }
      const checkout = found.booking.awaitingPayment ? await payments?.checkoutUrl(found.booking.id) : null;
      if (!checkout) return renderPaymentCancelled(request, reply, found.booking.awaitingPayment === true);
      return sendPage(noStorePrivate(reply), <PaymentRedirectPage ctx={pageContext(request, paths.booking(locale === 'fr' ? 'en' : 'fr', reference, token))} url={checkout} />);
    });

    app.get(paths.bookingCalendar(locale, ':reference', ':token'), async (request: BookingRequest, reply) => {
      const { reference, token } = request.params;
      const found = await booking.findForCustomer(reference, token);
      return noStorePrivate(reply)
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${found.booking.reference}.ics"`)
        .send(await booking.calendarFor(found.booking, found.service));
    });

    /** The day picker to move the booking; after the cut-off (or once cancelled) its page, which says why not. */
    async function renderMove(request: BookingRequest, reply: FastifyReply, day: string | undefined, errors: Errors, status = 200) {
      const { reference, token } = request.params;
      const found = await booking.findForCustomer(reference, token);
      if (!booking.customerChanges(found.booking, found.service).allowed) return reply.redirect(paths.booking(locale, reference, token), 303);
      const other: Locale = locale === 'fr' ? 'en' : 'fr';
      return sendPage(
        noStorePrivate(reply),
        <MovePage
          ctx={pageContext(request, paths.bookingMove(other, reference, token))}
          booking={found.booking}
          service={found.service}
          choices={await booking.moveChoices(found.booking, found.service, day)}
          action={paths.bookingMove(locale, reference, token)}
          back={paths.booking(locale, reference, token)}
          errors={errors}
        />,
        status,
      );
    }

    app.get(paths.bookingMove(locale, ':reference', ':token'), async (request: BookingRequest, reply) =>
      renderMove(request, reply, typeof request.query.jour === 'string' ? request.query.jour : undefined, {}),
    );

    app.post(paths.bookingMove(locale, ':reference', ':token'), async (request: BookingRequest, reply) => {
      const { reference, token } = request.params;
      const values = formStrings(request.body);
      try {
        await booking.moveByCustomer({ reference, token }, values.start ?? '', locale);
        return reply.redirect(`${paths.booking(locale, reference, token)}?deplacee=1`, 303);
      } catch (error) {
        const refused = moveErrors(error, locale);
        if (!refused) throw error;
        return renderMove(request, reply, values.jour ?? (values.start ?? '').slice(0, 10), refused.errors, refused.status);
      }
    });

    app.get(paths.bookingCancel(locale, ':reference', ':token'), async (request: BookingRequest, reply) => {
      const { reference, token } = request.params;
      const found = await booking.findForCustomer(reference, token);
      // Cancelled already, or past the cut-off: the booking's page says where it stands and whom to call.
      if (!booking.customerChanges(found.booking, found.service).allowed) return reply.redirect(paths.booking(locale, reference, token), 303);
      const other: Locale = locale === 'fr' ? 'en' : 'fr';
      return sendPage(
        noStorePrivate(reply),
        <CancelConfirmPage
          ctx={pageContext(request, paths.bookingCancel(other, reference, token))}
          booking={found.booking}
          service={found.service}
          action={paths.bookingCancel(locale, reference, token)}
          back={paths.booking(locale, reference, token)}
          refund={cancelRefundPreview(await payments?.stateOf?.(found.booking))}
        />,
      );
    });

    app.post(paths.bookingCancel(locale, ':reference', ':token'), async (request: BookingRequest, reply) => {
      const { reference, token } = request.params;
      try {
        await booking.cancelByCustomer(reference, token);
      } catch (error) {
        // A second click on "cancel" lands on the page that says it is cancelled.
        if (!(error instanceof AppError && error.code === 'ALREADY_CANCELLED')) throw error;
      }
      return reply.redirect(`${paths.booking(locale, reference, token)}?annulee=1`, 303);
    });
  }
}

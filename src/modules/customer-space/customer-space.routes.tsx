import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, formStrings, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { paths } from '../../platform/http/paths.js';
import { locales, type Locale } from '../../platform/i18n/locale.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import type { Errors } from '../../ui/form.js';
import { BookingPage, bookingPlaceOf, CancelConfirmPage, cancelRefundPreview, moveErrors, MovePage, type BookingService, type CustomerInvoiceLink } from '../booking/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { CustomersService } from '../customers/index.js';
import type { BookingForPaymentState, CustomerPaymentState } from '../payments/index.js';
import { customerSpaceErrors } from './customer-space.errors.js';
import { SESSION_MAX_MS, type CustomerSession, type CustomerSpaceService } from './customer-space.service.js';
import {
  ContactPage,
  contactValuesOf,
  DashboardPage,
  invalidLinkTitle,
  LinkSentPage,
  SignInConfirmPage,
  SignInRequestPage,
  spaceNotices,
  spaceTexts,
  type ContactValues,
  type SpaceBooking,
} from './views/space-pages.js';

/**
 * The customer's session cookie, apart from the back office's. Under an https BASE_URL it carries
 * the __Host- prefix (Secure, path=/, no Domain), so that no sibling subdomain nor plain-http page
 * can plant or overwrite it.
 */
export function customerCookie(baseUrl: string) {
  const https = baseUrl.startsWith('https://');
  return { name: `${https ? '__Host-' : ''}ws_customer`, options: { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: https } };
}

export interface CustomerSpaceRoutesDeps {
  space: CustomerSpaceService;
  customers: CustomersService;
  booking: BookingService;
  catalog: CatalogService;
  /** Where each booking's payment stands (payments module, wired in app.ts); unset: no payment line. */
  paymentStates?: { statesOf(bookings: readonly BookingForPaymentState[]): Promise<Map<string, CustomerPaymentState>> };
  /** The invoices and credit notes of the customer's bookings (invoices module, wired in app.ts), and each PDF. */
  invoices?: {
    forBookings(bookingIds: readonly string[]): Promise<Omit<CustomerInvoiceLink, 'href'>[]>;
    sendPdf(reply: FastifyReply, file: string | undefined, bookingIds: readonly string[]): Promise<FastifyReply>;
  };
}

type SpaceRequest = FastifyRequest<{ Params: { token?: string; reference?: string; file?: string }; Querystring: Record<string, string | undefined>; Body: Record<string, unknown> | undefined }>;

/** /mon-espace and /en/my-space: the sign-in by mailed link, the customer's bookings, their moves and cancellations, their details. */
export async function customerSpaceRoutes(app: FastifyInstance, { space, customers, booking, catalog, invoices, paymentStates }: CustomerSpaceRoutesDeps) {
  /** « Reprendre le paiement » posts to the booking's private link payment page (the same checkout, whichever page the customer came from). */
  const resumeAction = (locale: Locale, reference: string) => paths.bookingPaymentCancelled(locale, reference, booking.manageToken(reference));

  const cookie = customerCookie(app.config.baseUrl);
  // Per client: asking for links (each may send a mail) and spending them.
  const linkLimit = { config: { rateLimit: { max: 10, timeWindow: '15 minutes' } } };
  const signInLimit = { config: { rateLimit: { max: 20, timeWindow: '15 minutes' } } };

  /** Nothing in the space may be cached, indexed or leak its address (the sign-in link holds a token). */
  function privateReply(reply: FastifyReply): FastifyReply {
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex, nofollow');
  }

  /** A form posted from another site (the browser says so) is refused: no sign-in or change on someone else's behalf. */
  function crossSite(request: FastifyRequest): boolean {
    const site = request.headers['sec-fetch-site'];
    return site !== undefined && site !== 'same-origin' && site !== 'none';
  }

  async function sessionOf(request: FastifyRequest): Promise<CustomerSession | undefined> {
    const token = request.cookies[cookie.name];
    return token ? space.sessionOf(token) : undefined;
  }

  /** The signed-in customer, or the sign-in form (saying the session ended when there was a cookie); POSTs also need the session's CSRF token. */
  async function signedIn(request: SpaceRequest, reply: FastifyReply, locale: Locale): Promise<CustomerSession | undefined> {
    const session = await sessionOf(request);
    if (!session) {
      const hadCookie = request.cookies[cookie.name] !== undefined;
      if (hadCookie) reply.clearCookie(cookie.name, cookie.options);
      await privateReply(reply).redirect(`${paths.customerSpace(locale)}${hadCookie ? '?expiree=1' : ''}`, 303);
      return undefined;
    }
    if (request.method === 'POST' && (crossSite(request) || !space.csrfTokenIsValid(session, request.body?._csrf))) throw customerSpaceErrors.FORM_EXPIRED();
    return session;
  }

  const other = (locale: Locale): Locale => (locale === 'fr' ? 'en' : 'fr');

  function signInForm(request: FastifyRequest, reply: FastifyReply, locale: Locale, options: { errors?: Errors; email?: string; notice?: { kind: 'info' | 'success' | 'warning'; text: string }; title?: string; status?: number } = {}) {
    return sendPage(
      privateReply(reply),
      <SignInRequestPage ctx={pageContext(request, paths.customerSpace(other(locale)), locale)} errors={options.errors ?? {}} email={options.email} notice={options.notice} title={options.title} />,
      options.status ?? 200,
    );
  }

  const linked = (locale: Locale, documents: Omit<CustomerInvoiceLink, 'href'>[]): CustomerInvoiceLink[] =>
    documents.map((d) => ({ ...d, href: paths.customerSpaceInvoice(locale, d.number) }));

  for (const locale of locales) {
    const base = paths.customerSpace(locale);

    // A PDF of one of the signed-in customer's bookings; anyone else's, or none: 404.
    app.get(`${base}/${locale === 'fr' ? 'factures' : 'invoices'}/:file`, async (request: SpaceRequest, reply) => {
      const session = await signedIn(request, reply, locale);
      if (!session || !invoices) return reply;
      const bookings = await booking.ofCustomer(session.customerId);
      return invoices.sendPdf(privateReply(reply), request.params.file, bookings.map((b) => b.id));
    });

    app.get(base, async (request: SpaceRequest, reply) => {
      const session = await sessionOf(request);
      const q = request.query;
      const notices = spaceNotices(pageContext(request, undefined, locale));
      if (!session) {
        if (request.cookies[cookie.name] !== undefined) reply.clearCookie(cookie.name, cookie.options);
        const notice = q.expiree === '1' ? { kind: 'warning' as const, text: notices.expired } : q.deconnecte === '1' ? { kind: 'success' as const, text: notices.signedOut } : undefined;
        return signInForm(request, reply, locale, notice ? { notice } : {});
      }
      const customer = await customers.get(session.customerId);
      const now = app.clock.now().getTime();
      const [bookings, services] = await Promise.all([booking.ofCustomer(customer.id), catalog.listServices({ activeOnly: false })]);
      const byId = new Map(services.map((s) => [s.id, s]));
      const states = paymentStates ? await paymentStates.statesOf(bookings) : new Map<string, CustomerPaymentState>();
      const items: SpaceBooking[] = bookings.flatMap((b) => {
        const service = byId.get(b.serviceId);
        if (!service) return [];
        const place = bookingPlaceOf(b, service, app.business.current(), locale);
        const state = states.get(b.id);
        return [
          {
            reference: b.reference,
            start: b.start,
            status: b.status,
            serviceName: service.name,
            place: { label: place.label, text: place.text },
            past: Date.parse(b.end) <= now,
            awaitingPayment: b.status === 'confirmed' && b.awaitingPayment === true,
            payment: state ? { state, now, resumeAction: resumeAction(locale, b.reference) } : undefined,
          },
        ];
      });
      // Upcoming: soonest first; past and cancelled: latest first (the list comes latest first).
      const upcoming = items.filter((i) => i.status === 'confirmed' && !i.past).reverse();
      const past = items.filter((i) => i.status === 'cancelled' || i.past);
      const t = spaceTexts(pageContext(request, undefined, locale));
      const notice = q.enregistre === '1' ? t.saved : q.annulee === '1' ? t.cancelledNow : undefined;
      const documents = invoices ? linked(locale, await invoices.forBookings(bookings.map((b) => b.id))) : [];
      return sendPage(
        privateReply(reply),
        <DashboardPage ctx={pageContext(request, paths.customerSpace(other(locale)), locale)} customer={customer} upcoming={upcoming} past={past} csrfToken={space.csrfToken(session)} notice={notice} invoices={documents} />,
      );
    });

    app.post(paths.customerSpaceLink(locale), linkLimit, async (request: SpaceRequest, reply) => {
      const values = formStrings(request.body);
      const email = (values.email ?? '').trim();
      if (crossSite(request)) throw customerSpaceErrors.FORM_EXPIRED();
      try {
        await space.requestLink({ email }, locale);
      } catch (error) {
        if (!(error instanceof ValidationFailed)) throw error;
        return signInForm(request, reply, locale, { errors: messagesByField(error), email, status: 422 });
      }
      // The same page whether the address is a customer's or not.
      return sendPage(privateReply(reply), <LinkSentPage ctx={pageContext(request, paths.customerSpace(other(locale)), locale)} email={email} />);
    });

    /** A link that is spent, expired or forged: say so, with the form to ask for another. */
    function invalidLink(request: FastifyRequest, reply: FastifyReply) {
      const ctx = pageContext(request, undefined, locale);
      return signInForm(request, reply, locale, {
        notice: { kind: 'warning', text: customerSpaceErrors.SIGN_IN_LINK_INVALID().messageIn(locale) },
        title: invalidLinkTitle(ctx),
        status: 410,
      });
    }

    app.get(paths.customerSpaceSignIn(locale, ':token'), signInLimit, async (request: SpaceRequest, reply) => {
      const token = request.params.token ?? '';
      if (!(await space.linkIsLive(token))) return invalidLink(request, reply);
      return sendPage(privateReply(reply), <SignInConfirmPage ctx={pageContext(request, undefined, locale)} action={paths.customerSpaceSignIn(locale, token)} />);
    });

    app.post(paths.customerSpaceSignIn(locale, ':token'), signInLimit, async (request: SpaceRequest, reply) => {
      if (crossSite(request)) throw customerSpaceErrors.FORM_EXPIRED();
      let sessionToken: string;
      try {
        sessionToken = await space.signIn(request.params.token ?? '');
      } catch (error) {
        if (error instanceof AppError && error.code === 'SIGN_IN_LINK_INVALID') return invalidLink(request, reply);
        throw error;
      }
      return privateReply(reply)
        .setCookie(cookie.name, sessionToken, { ...cookie.options, maxAge: SESSION_MAX_MS / 1000 })
        .redirect(base, 303);
    });

    app.post(paths.customerSpaceSignOut(locale), async (request: SpaceRequest, reply) => {
      const session = await signedIn(request, reply, locale);
      if (!session) return reply;
      await space.signOut(request.cookies[cookie.name]!);
      return privateReply(reply).clearCookie(cookie.name, cookie.options).redirect(`${base}?deconnecte=1`, 303);
    });

    // The customer's details: phone and postal address.
    async function renderContact(request: SpaceRequest, reply: FastifyReply, session: CustomerSession, values: ContactValues | undefined, errors: Errors, status = 200) {
      const customer = await customers.get(session.customerId);
      return sendPage(
        privateReply(reply),
        <ContactPage ctx={pageContext(request, paths.customerSpaceContact(other(locale)), locale)} values={values ?? contactValuesOf(customer)} errors={errors} csrfToken={space.csrfToken(session)} />,
        status,
      );
    }

    app.get(paths.customerSpaceContact(locale), async (request: SpaceRequest, reply) => {
      const session = await signedIn(request, reply, locale);
      if (!session) return reply;
      return renderContact(request, reply, session, undefined, {});
    });

    app.post(paths.customerSpaceContact(locale), async (request: SpaceRequest, reply) => {
      const session = await signedIn(request, reply, locale);
      if (!session) return reply;
      const values = formStrings(request.body);
      try {
        await customers.updateContactByCustomer(session.customerId, values, locale);
      } catch (error) {
        if (!(error instanceof ValidationFailed)) throw error;
        return renderContact(request, reply, session, values, messagesByField(error), 422);
      }
      return privateReply(reply).redirect(`${base}?enregistre=1`, 303);
    });

    // One booking of the customer: the same page as its private link, with the space's addresses.
    const links = (reference: string) => ({
      page: paths.customerSpaceBooking(locale, reference),
      calendar: paths.customerSpaceBookingCalendar(locale, reference),
      move: paths.customerSpaceBookingMove(locale, reference),
      cancel: paths.customerSpaceBookingCancel(locale, reference),
    });
    const accessOf = (request: SpaceRequest, session: CustomerSession) => ({ reference: request.params.reference ?? '', customerId: session.customerId });

    app.get(paths.customerSpaceBooking(locale, ':reference'), async (request: SpaceRequest, reply) => {
      const session = await signedIn(request, reply, locale);
      if (!session) return reply;
      const found = await booking.findByAccess(accessOf(request, session));
      const reference = found.booking.reference;
      const paymentState = (await paymentStates?.statesOf([found.booking]))?.get(found.booking.id);
      return sendPage(
        privateReply(reply),
        <BookingPage
          ctx={pageContext(request, paths.customerSpaceBooking(other(locale), reference), locale)}
          booking={found.booking}
          service={found.service}
          links={links(reference)}
          notice={request.query.deplacee === '1' ? 'moved' : undefined}
          withdrawal={booking.withdrawalOf(found.booking, locale).text}
          changes={booking.customerChanges(found.booking, found.service)}
          back={{ href: base, label: spaceTexts(pageContext(request, undefined, locale)).back }}
          payment={paymentState ? { state: paymentState, now: app.clock.now().getTime(), resumeAction: resumeAction(locale, reference) } : undefined}
          invoices={invoices ? linked(locale, await invoices.forBookings([found.booking.id])) : []}
        />,
      );
    });

    app.get(paths.customerSpaceBookingCalendar(locale, ':reference'), async (request: SpaceRequest, reply) => {
      const session = await signedIn(request, reply, locale);
      if (!session) return reply;
      const found = await booking.findByAccess(accessOf(request, session));
      return privateReply(reply)
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${found.booking.reference}.ics"`)
        .send(await booking.calendarFor(found.booking, found.service));
    });

    async function renderMove(request: SpaceRequest, reply: FastifyReply, session: CustomerSession, day: string | undefined, errors: Errors, status = 200) {
      const found = await booking.findByAccess(accessOf(request, session));
      const reference = found.booking.reference;
      if (!booking.customerChanges(found.booking, found.service).allowed) return privateReply(reply).redirect(paths.customerSpaceBooking(locale, reference), 303);
      return sendPage(
        privateReply(reply),
        <MovePage
          ctx={pageContext(request, paths.customerSpaceBookingMove(other(locale), reference), locale)}
          booking={found.booking}
          service={found.service}
          choices={await booking.moveChoices(found.booking, found.service, day)}
          action={paths.customerSpaceBookingMove(locale, reference)}
          back={paths.customerSpaceBooking(locale, reference)}
          csrfToken={space.csrfToken(session)}
          errors={errors}
        />,
        status,
      );
    }

    app.get(paths.customerSpaceBookingMove(locale, ':reference'), async (request: SpaceRequest, reply) => {
      const session = await signedIn(request, reply, locale);
      if (!session) return reply;
      return renderMove(request, reply, session, typeof request.query.jour === 'string' ? request.query.jour : undefined, {});
    });

    app.post(paths.customerSpaceBookingMove(locale, ':reference'), async (request: SpaceRequest, reply) => {
      const session = await signedIn(request, reply, locale);
      if (!session) return reply;
      const values = formStrings(request.body);
      try {
        const moved = await booking.moveByCustomer(accessOf(request, session), values.start ?? '', locale);
        return privateReply(reply).redirect(`${paths.customerSpaceBooking(locale, moved.reference)}?deplacee=1`, 303);
      } catch (error) {
        const refused = moveErrors(error, locale);
        if (!refused) throw error;
        return renderMove(request, reply, session, values.jour ?? (values.start ?? '').slice(0, 10), refused.errors, refused.status);
      }
    });

    app.get(paths.customerSpaceBookingCancel(locale, ':reference'), async (request: SpaceRequest, reply) => {
      const session = await signedIn(request, reply, locale);
      if (!session) return reply;
      const found = await booking.findByAccess(accessOf(request, session));
      const reference = found.booking.reference;
      if (!booking.customerChanges(found.booking, found.service).allowed) return privateReply(reply).redirect(paths.customerSpaceBooking(locale, reference), 303);
      return sendPage(
        privateReply(reply),
        <CancelConfirmPage
          ctx={pageContext(request, paths.customerSpaceBookingCancel(other(locale), reference), locale)}
          booking={found.booking}
          service={found.service}
          action={paths.customerSpaceBookingCancel(locale, reference)}
          back={paths.customerSpaceBooking(locale, reference)}
          csrfToken={space.csrfToken(session)}
          refund={cancelRefundPreview((await paymentStates?.statesOf([found.booking]))?.get(found.booking.id))}
        />,
      );
    });

    app.post(paths.customerSpaceBookingCancel(locale, ':reference'), async (request: SpaceRequest, reply) => {
      const session = await signedIn(request, reply, locale);
      if (!session) return reply;
      try {
        await booking.cancelByCustomerAccess(accessOf(request, session));
      } catch (error) {
        // A second click lands where the first one did.
        if (!(error instanceof AppError && error.code === 'ALREADY_CANCELLED')) throw error;
      }
      return privateReply(reply).redirect(`${base}?annulee=1`, 303);
    });
  }
}

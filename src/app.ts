import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { sql } from 'kysely';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { platformRegister } from './db/register.js';
import type { ModuleRegister } from './platform/privacy-register.js';
import { adminCookies, adminRegister, adminRoutes, createAdminService, createTeamService, createTwoFactorService, csrfSessionBinding, protectBackOffice } from './modules/admin/index.js';
import { agendaAdminRoutes, agendaFeedRoutes, bookingAdminRoutes, bookingApiRoutes, bookingRegister, bookingRoutes, createAgendaService, createBookingService, ownerBookingAdminRoutes, sessionAdminRoutes } from './modules/booking/index.js';
import { catalogAdminRoutes, catalogRegister, catalogRoutes, createCatalogService, effectiveBookingPolicy } from './modules/catalog/index.js';
import { createCustomerSpaceService, customerSpaceRegister, customerSpaceRoutes } from './modules/customer-space/index.js';
import { createCustomersService, customerName, customersAdminRoutes, customersRegister } from './modules/customers/index.js';
import { exportsAdminRoutes } from './modules/exports/index.js';
import { createInvoiceReads, createInvoicesService, createInvoicing, invoicesAdminRoutes, invoicesCustomerRoutes, invoicesRegister, sendCustomerPdf, type InvoiceBooking } from './modules/invoices/index.js';
import { createEventBus, createJobsService, jobsAdminRoutes, jobsRegister } from './modules/jobs/index.js';
import { createLegalService, legalRegister, legalRoutes } from './modules/legal/index.js';
import { legalArchiveAdminRoutes, legalArchiveRegister, openLegalArchive } from './modules/legal-archive/index.js';
import { createOutboxService, outboxAdminRoutes, outboxRegister } from './modules/outbox/index.js';
import {
  createOnlinePayments,
  createPaymentReads,
  createPaymentStates,
  createPaymentsService,
  createStripeProvider,
  paymentOfferFor,
  paymentsAdminRoutes,
  paymentsPeriodAdminRoutes,
  paymentsRegister,
  paymentsRegisterFor,
  paymentWebhookRoutes,
  paypalProviderFromConfig,
  type OnlinePaymentProvider,
  createRefunds,
  type OnlinePayments,
  type Payment,
  type PaymentProvider,
  type PaymentsService,
  type RefundsService,
} from './modules/payments/index.js';
import { createPolicyAnnouncements, createPrivacyService, policyAnnouncementsRegister, policyChangesRoutes, policyFollowUps, privacyAdminRoutes, privacyRegister, privacyRegisterFor, privacyRoutes } from './modules/privacy/index.js';
import { createRestrictionsService, customerPrivacyViews, noticeRecipientsOf, restrictionsAdminRoutes, restrictionsRegister, restrictionsRegisterFor } from './modules/restrictions/index.js';
import { createRightsService, rightsAdminRoutes, rightsRegister, rightsRoutes } from './modules/rights/index.js';
import { createApiKeysService, createRepresentations, ownerApiAdminRoutes, ownerApiRegister, ownerApiRoutes } from './modules/owner-api/index.js';
import { createWebhooksService, webhooksRegister } from './modules/webhooks/index.js';
import { createSettingsService, settingsAdminRoutes, settingsRegister, settingsRoutes, withMailLogo } from './modules/settings/index.js';
import type { z } from 'zod';
import { openApiDocument, type healthDownSchema, type healthUpSchema } from './openapi.js';
import { businessMailbox } from './platform/business.js';
import { systemClock, type Clock } from './platform/clock.js';
import { installErrorHandlers, routerErrorHandler } from './platform/http/error-handler.js';
import { securityHeaders } from './platform/http/security.js';
import { requestPriority } from './platform/http/request-priority.js';
import { negotiateEncoding, registerCompression } from './platform/http/compression.js';
import { createPageCache } from './platform/http/page-cache.js';
import { refuseControlCharacters } from './platform/http/input-guard.js';
import './platform/http/fastify-types.js';
import type { RateLimitHook } from './platform/http/rate-limit.js';
import { loggerOptions } from './platform/log.js';
import { createMailTransport, type MailTransport } from './platform/mail/transport.js';
import { localDateOf } from './platform/time-zone.js';
import { adminPaths } from './platform/http/paths.js';
import { buildAssets } from './platform/views/assets.js';

export interface AppDeps {
  database: Database;
  clock?: Clock;
  /** Defaults to SMTP_URL, or .eml files under DATA_DIR/mail. */
  mailTransport?: MailTransport;
  /** false silences the request log (tests). */
  logger?: boolean;
  /** Where log lines go instead of stdout: main.ts gives the destination it chose (readable or JSON lines); tests read them. */
  logStream?: { write(line: string): void };
  /** First retry delay of the outbox (tests shorten it). */
  outboxRetryBaseMs?: number;
  /**
   * The online payment providers taken as configured, instead of those the configuration's keys turn
   * on: the register, the privacy policy and the terms name them and no other (tests).
   */
  onlinePaymentProviders?: OnlinePaymentProvider[];
  /** Online payment providers besides those the configuration turns on (tests pointing one at a fake). */
  paymentProviders?: PaymentProvider[];
}

export type App = Awaited<ReturnType<typeof buildApp>>;

export interface RegisteredRoute {
  method: string;
  url: string;
  /** Declared open without a back-office session (login, logout, setup link). */
  adminPublic: boolean;
  /** Declared for the owner only: staff get a 403 page. */
  ownerOnly: boolean;
}

/** A per-client, per-minute limiter to put in routes' onRequest hooks; one counter however many routes use it. */
function perClientLimit(app: FastifyInstance, perMinute: number): RateLimitHook | undefined {
  return perMinute > 0 ? (app.rateLimit({ max: perMinute, timeWindow: '1 minute' }) as RateLimitHook) : undefined;
}

/**
 * Every module's part of the processing register; the privacy module reads them all. Sweeps run in
 * this order: customers before booking, whose sweep anonymises the bookings of erased customers.
 */
export const registers = [
  catalogRegister,
  customersRegister,
  bookingRegister,
  // The engine erases in reverse order: payments and invoices find a person's records through their
  // bookings, so their ports run before booking's anonymises them; booking's before customers'.
  invoicesRegister,
  paymentsRegister,
  outboxRegister,
  jobsRegister,
  webhooksRegister,
  ownerApiRegister,
  adminRegister,
  legalRegister,
  settingsRegister,
  customerSpaceRegister,
  privacyRegister,
  policyAnnouncementsRegister,
  restrictionsRegister,
  rightsRegister,
  legalArchiveRegister,
  platformRegister,
];

/**
 * The register as it runs: the payment providers configured (the others are named nowhere), and
 * the parts whose ports need the secret key (keyed hashes of addresses). The server and the CLI
 * (`wservices retention run`) use the same.
 */
export function liveRegistersOf(secretKey: string, onlineProviders: OnlinePaymentProvider[]): ModuleRegister[] {
  return registers.map((r) =>
    r === paymentsRegister
      ? paymentsRegisterFor(r, onlineProviders)
      : r === privacyRegister
        ? privacyRegisterFor(r, secretKey)
        : r === restrictionsRegister
          ? restrictionsRegisterFor(r, secretKey)
          : r,
  );
}

/**
 * Builds the application around an open, migrated database: platform plugins first, then
 * each module, registered explicitly. Does not listen and starts no worker (main.ts does).
 */
export async function buildApp(config: Config & { secretKey: string }, deps: AppDeps) {
  const clock = deps.clock ?? systemClock;
  const { database } = deps;
  const https = config.baseUrl.startsWith('https://');
  const setSecurityHeaders = securityHeaders(https);
  const app = Fastify({
    logger: deps.logger === false ? false : { ...loggerOptions(config.logLevel), ...(deps.logStream ? { stream: deps.logStream } : {}) },
    // A hop count is accepted at run time (proxy-addr), though Fastify's types only list the other forms.
    trustProxy: config.trustProxy as boolean | string,
    bodyLimit: 64 * 1024,
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    // A malformed or over-long URL is answered like any other bad request: headers, page or JSON, log line.
    frameworkErrors: routerErrorHandler(setSecurityHeaders),
  });

  // Every route as registered (HEAD twins included): the back-office guard's test walks them all.
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, adminPublic: route.config?.adminPublic === true, ownerOnly: route.config?.ownerOnly === true });
  });

  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('clock', clock);
  app.decorate('assets', await buildAssets());
  // The business profile lives in the database (BUSINESS_FILE seeds it on the first start only).
  const settings = await createSettingsService({ database, clock, seed: config.businessSeed });
  app.decorate('business', settings.source);
  // Each request first checks the profile's version (one primary-key read) and takes in another
  // instance's save at once; hashed assets never show the profile and skip it.
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/assets/')) await settings.refresh();
  });

  app.addHook('onRequest', async (request, reply) => setSecurityHeaders(request, reply));
  await registerCompression(app);
  await app.register(cookie, { secret: config.secretKey });
  await app.register(formbody);
  const csrfCookie = adminCookies(config.baseUrl).csrf;
  await app.register(csrf, {
    cookieKey: csrfCookie.name,
    cookieOpts: csrfCookie.options,
    getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf,
    // Each token is bound to the session it was shown in (an HMAC under the secret key).
    getUserInfo: csrfSessionBinding,
    csrfOpts: { hmacKey: config.secretKey },
  });
  await app.register(rateLimit, { global: false });
  installErrorHandlers(app);
  refuseControlCharacters(app);

  // Modules, from the ones that depend on nothing to the ones that use them.
  const transport = deps.mailTransport ?? createMailTransport({ smtpUrl: config.smtpUrl, dataDir: config.dataDir });
  // Background work of every module (mail delivery, reminders, session decisions, retention) runs as jobs.
  // Before each batch, the business profile in force (another instance may have saved one): reminders and decisions mail it.
  // While customers wait for answers from a busy process, the worker pauses between jobs (mails leave a little later).
  const priority = requestPriority(app.server);
  const jobs = createJobsService({ database, clock, log: app.log, pollIntervalMs: config.jobsPollMs, beforeBatch: () => settings.refresh(), giveWay: priority.giveWay });
  const events = createEventBus(jobs);
  // Restriction (art. 18), objection to prospecting (art. 21), recipients told (art. 19). The outbox asks its
  // mayMail before each delivery; a restriction follows the customer record (made below) when the address changes.
  const restrictions = createRestrictionsService({
    database,
    clock,
    secretKey: config.secretKey,
    customerIdOf: async (email) => (await customers.byEmail(email))?.id ?? null,
    noticeRecipients: () => noticeRecipientsOf(liveRegisters, paymentOffer.online),
  });
  const outbox = createOutboxService({
    database,
    clock,
    jobs,
    transport,
    // MAIL_FROM, else the business as the settings name it now: a renamed business signs its next mail.
    from: () => config.mailFrom ?? businessMailbox(settings.snapshot()),
    messageIdDomain: new URL(config.baseUrl).hostname,
    log: app.log,
    ...(deps.outboxRetryBaseMs ? { retryBaseMs: deps.outboxRetryBaseMs } : {}),
    mayMail: restrictions.mayMail,
  });
  // Every mail a module renders with the layout carries the logo inline (cid:): this outbox attaches it.
  const mailOutbox = withMailLogo(outbox, settings);
  const pages = createPageCache({ ttlMs: config.pageCacheMs, clock });
  const business = settings.snapshot;
  const invoices = createInvoicesService({ database, clock, settings, events });
  // The online payment providers whose keys are set (STRIPE_*, PAYPAL_*), and any the caller adds.
  const paypal = paypalProviderFromConfig(config);
  const providers: PaymentProvider[] = [...(config.stripe ? [createStripeProvider(config.stripe)] : []), ...(paypal ? [paypal] : []), ...(deps.paymentProviders ?? [])];
  const catalog = createCatalogService({ database, clock, timezone: business().timezone, onChange: pages.invalidate, onlineProviders: providers.map((p) => p.name) });
  // Made once the payments module exists (below): the booking module reaches online payments through this port.
  let online: OnlinePayments | undefined;
  const onlineOf = () => online ?? (() => { throw new Error('online payments are not built yet'); })();
  let refunds: RefundsService | undefined;
  const refundsOf = () => refunds ?? (() => { throw new Error('refunds are not built yet'); })();
  let ledgerService: PaymentsService | undefined;
  const ledgerOf = () => ledgerService ?? (() => { throw new Error('payments are not built yet'); })();
  const admin = createAdminService({ database, clock });
  const team = createTeamService({ database, clock, mail: mailOutbox, baseUrl: config.baseUrl, business });
  const twoFactor = createTwoFactorService({ database, clock, secretKey: config.secretKey, issuer: () => business().name });
  const customers = createCustomersService({ database, clock, events });
  // The legal archive (its own file or schema): the privacy engine hands its writer to the ports
  // (PortContext.archive); only the owner's archive pages read it.
  const legalArchive = await openLegalArchive(database, clock);
  app.addHook('onClose', () => legalArchive.close());
  // How customers pay, and who receives what for it: from the providers configured, so the terms,
  // the register and the policy say nothing of a provider whose keys are not set.
  const onlineProviders: OnlinePaymentProvider[] = deps.onlinePaymentProviders ?? providers.map((p) => p.name);
  const paymentOffer = paymentOfferFor(onlineProviders);
  const liveRegisters = liveRegistersOf(config.secretKey, onlineProviders);
  const legal = createLegalService({ database, clock, business, paymentOffer: () => paymentOffer });
  const privacy = createPrivacyService({
    database,
    clock,
    jobs,
    business,
    legal,
    registers: liveRegisters,
    paymentOffer: () => paymentOffer,
    log: app.log,
    dataDir: config.dataDir,
    secretKey: config.secretKey,
    baseUrl: config.baseUrl,
    // Until the legal archive module is merged: refuses, so that an erasure or a rule that must archive
    // keeps the record where it is (its transaction rolls back, the report names the module) rather than lose it.
    archive: legalArchive.writer,
    people: { byEmail: (email) => customers.byEmail(email), byId: (id) => customers.byId(id), formerEmails: (id) => customers.formerEmails(id) },
  });
  const booking = createBookingService({
    database,
    clock,
    catalog,
    // Mails show the logo inline: the outbox the booking module writes to attaches it.
    outbox: mailOutbox,
    jobs,
    events,
    sessionCheckMs: config.sessionCheckMs,
    // A service's own reminder delay, else the settings' (0: no reminder).
    reminderHoursFor: (service) => effectiveBookingPolicy(service, business()).reminderHoursBefore,
    // How long before the start a customer may still move or cancel online: the service's own, else the settings'.
    cancellationCutoffHoursFor: (service) => effectiveBookingPolicy(service, business()).cancellationCutoffHours,
    business,
    secretKey: config.secretKey,
    baseUrl: config.baseUrl,
    termsVersion: () => legal.terms.version,
    privacyNoticeVersion: () => privacy.policy.version,
    onChange: pages.invalidate,
    bookingsPerEmailPerHour: config.bookingsPerEmailPerHour,
    onlinePayments: {
      configured: () => providers.map((p) => p.name),
      hold: (trx, request) => onlineOf().hold(trx, request),
      abandon: (trx, bookingId) => onlineOf().abandon(trx, bookingId),
    },
    // A cancellation gives back what its decision says, through the payments module (made below).
    refunds: {
      paidCentsWithin: (trx, bookingId) => ledgerOf().paidCentsWithin(trx, bookingId),
      giveBackWithin: (trx, request) => refundsOf().giveBackWithin(trx, request),
    },
  });
  // Where each booking's payment stands (the ledger and the attempts), for the customer's pages, the owner API and the dashboard.
  const paymentStates = createPaymentStates({ database, clock });
  // The owner's other tools: API keys, and webhooks fed by the business's events.
  const representations = createRepresentations({
    booking,
    catalog,
    customers,
    zone: business().timezone,
    baseUrl: config.baseUrl,
    // Payments are built below (they need the invoicing): read when an event is sent, long after.
    payments: paymentStates,
    money: () => ({ paymentById: (id) => payments.byId(id), invoiceByNumber: (number) => invoices.byNumber(number) }),
    // A restricted person's identity leaves in no answer of the API and no webhook (GDPR art. 18).
    restrictedTest: () => restrictions.restrictedTest(),
  });
  const webhooks = createWebhooksService({
    database,
    clock,
    jobs,
    events,
    secretKey: config.secretKey,
    allowPrivate: config.webhooksAllowPrivate,
    payloadOf: representations.ofEvent,
    log: app.log,
  });
  const apiKeys = createApiKeysService({ database, clock });
  // Payments taken on site: the booking they pay is the booking module's, asked through its service.
  // Read before the ledger's transaction, with what its invoice needs (service, lines, customer, day).
  const payableBooking = async (id: string) => {
    const found = await booking.getById(id).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'BOOKING_NOT_FOUND') return null;
      throw error;
    });
    if (!found) return null;
    const serviceName = (await catalog.listServices({ activeOnly: false })).find((s) => s.id === found.serviceId)?.name.fr ?? '—';
    const who = [found.customer.firstName, found.customer.lastName].filter(Boolean).join(' ') || found.customer.email;
    const label = `${serviceName} — ${who}`;
    // One line per booking: the places at the unit price when it divides evenly, else the whole as one.
    const even = found.quantity > 1 && found.priceCents % found.quantity === 0;
    const invoicing: InvoiceBooking = {
      id: found.id,
      reference: found.reference,
      label: `${found.reference} — ${label}`,
      priceCents: found.priceCents,
      serviceDate: localDateOf(Date.parse(found.start), business().timezone),
      lines: [
        even
          ? { description: serviceName, quantity: found.quantity, unitPriceCents: found.priceCents / found.quantity, vatRateBp: found.vatRateBp }
          : { description: found.quantity > 1 ? `${serviceName} (${found.quantity} places)` : serviceName, quantity: 1, unitPriceCents: found.priceCents, vatRateBp: found.vatRateBp },
      ],
      customer: found.customer,
    };
    return { id: found.id, reference: found.reference, priceCents: found.priceCents, currency: found.currency, status: found.status, label, invoicing };
  };
  // Invoices follow payments (issue 7 item 7): issued, credited or left waiting in the payment's transaction.
  let paymentsOf: (bookingId: string) => Promise<Payment[]> = async () => [];
  const invoicing = createInvoicing({
    database,
    clock,
    invoices,
    jobs,
    bookingOf: async (id) => (await payableBooking(id))?.invoicing ?? null,
    paymentsOf: (id) => paymentsOf(id),
  });
  const payments = createPaymentsService({
    database,
    clock,
    jobs,
    events,
    timezone: () => business().timezone,
    bookingOf: payableBooking,
    onRecorded: (trx, recorded) => invoicing.afterRecorded(trx, { ...recorded, booking: recorded.booking?.invoicing ?? null }),
  });
  paymentsOf = async (id) => (await payments.forBooking(id)).entries;
  // The booking's page shows its invoices and, when its invoice waits, why (invoices module, through its index).
  const paymentsWithInvoices: typeof payments = {
    ...payments,
    async forBooking(id) {
      const [ledger, documents, pending] = await Promise.all([payments.forBooking(id), invoices.forBooking(id), invoicing.pendingOf(id)]);
      return {
        ...ledger,
        invoicing: {
          documents: documents.map((d) => ({ number: d.number, type: d.type, grossCents: d.grossCents, url: adminPaths.invoicePdf(d.number), ...(d.document.kind === 'deposit' ? { deposit: true } : {}) })),
          ...(pending ? { pending: pending.missing, pendingUrl: adminPaths.invoices } : {}),
        },
      };
    },
  };
  ledgerService = payments;
  refunds = createRefunds({
    database,
    clock,
    jobs,
    outbox: mailOutbox,
    ledger: payments,
    providers,
    business,
    log: app.log,
    archive: legalArchive.writer,
    // Who is mailed when a refund is made, in their language (nobody once the customer is erased).
    recipientOf: async (bookingId) => {
      const found = await booking.getById(bookingId).catch(() => null);
      if (!found?.customer.email) return null;
      const service = await catalog.serviceById(found.serviceId).catch(() => null);
      return { email: found.customer.email, locale: found.locale, reference: found.reference, serviceName: service?.name[found.locale] ?? '—' };
    },
  });
  online = createOnlinePayments({
    database,
    clock,
    jobs,
    refunds,
    ledger: payments,
    providers,
    windowMinutes: config.paymentWindowMinutes,
    log: app.log,
    bookings: () => ({
      checkoutOf: (bookingId) => booking.checkoutOf(bookingId),
      prepare: (bookingId) => booking.prepareForPayment(bookingId),
      afterChange: () => booking.afterPaymentChange(),
    }),
  });
  // The policy's announcements: customers are told of a new version when the owner publishes it
  // (a mail each, in batches through the outbox, and a notice on every public page for 30 days).
  const announcements = createPolicyAnnouncements({
    database,
    clock,
    jobs,
    outbox: mailOutbox,
    legal,
    policy: () => privacy.policy,
    business,
    baseUrl: config.baseUrl,
    // Every customer, in the language of their latest booking (French without one).
    audience: async (afterId, limit) => {
      const batch = await customers.addressesAfter(afterId, limit);
      return Promise.all(batch.map(async (c) => ({ ...c, locale: (await booking.ofCustomer(c.id))[0]?.locale ?? ('fr' as const) })));
    },
    onAnnounced: () => pages.invalidate(),
  });
  app.decorate('policyNotice', () => announcements.notice());
  // The public pages read the notice from memory, refreshed at most every 30 s (another instance may have announced).
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/assets/') && !request.url.startsWith('/admin')) await announcements.refreshNotice();
  });
  // The owner's calendar feed shows a restricted person's bookings as the service and the time only (GDPR art. 18).
  const agenda = createAgendaService({ database, clock, catalog, business, secretKey: config.secretKey, baseUrl: config.baseUrl, onChange: pages.invalidate, restrictedTest: () => restrictions.restrictedTest() });
  // The versions a booking records must be readable later: publish them before the first booking.
  await legal.publishTerms();
  await privacy.publishPolicy();
  // The first version ever is in force without announcement (nobody to tell yet); later ones wait for the owner's « Publier ».
  await announcements.recordFirstVersion();
  // A new profile (saved here or on another instance) makes new versions of the terms and the
  // policy: published before any booking can record them, and the cached pages are rendered again.
  settings.onChange(async () => {
    pages.invalidate();
    await legal.publishTerms();
    await privacy.publishPolicy();
  });

  // One counter per client for booking submissions, shared by the French form, the English form
  // and the API (a limiter made once and given to each route); another for the slots API.
  const bookingRateLimit = perClientLimit(app, config.bookingRateLimitPerMinute);
  const slotsRateLimit = perClientLimit(app, config.slotsRateLimitPerMinute);
  await app.register(catalogRoutes, { catalog, pages });
  await app.register(bookingRoutes, {
    booking,
    catalog,
    privacy,
    rateLimit: bookingRateLimit,
    pages,
    invoicesOf: (id) => invoices.forBooking(id),
    payments: {
      // The pending attempt's checkout; after a refused one, a new attempt within the same window (« Reprendre le paiement »).
      checkoutUrl: (bookingId) => onlineOf().resumeUrl(bookingId),
      settle: async (bookingId) => void (await onlineOf().settleLatest(bookingId)),
      holdUntil: (bookingId) => onlineOf().holdUntil(bookingId),
      stateOf: async (found) => (await paymentStates.statesOf([found])).get(found.id)!,
    },
  });
  await app.register(bookingApiRoutes, {
    booking,
    rateLimit: bookingRateLimit,
    slotsRateLimit,
    payments: {
      checkoutUrl: (bookingId) => onlineOf().checkoutUrl(bookingId),
      statusOf: async (found) => (await payments.statusesOf([found])).get(found.id) ?? 'unpaid',
      invoicesOf: (bookingId) => invoices.forBooking(bookingId),
      invoicePdf: (number) => invoices.pdf(number),
    },
  });
  await app.register(paymentWebhookRoutes, { online });
  await app.register(legalRoutes, { legal });
  await app.register(privacyRoutes, { privacy, legal });
  await app.register(policyChangesRoutes, { announcements });
  const space = createCustomerSpaceService({ database, clock, customers, outbox: mailOutbox, business, baseUrl: config.baseUrl, secretKey: config.secretKey });
  // The customer's invoices: listed and downloaded from their space and from the booking's private link.
  const customerInvoices = {
    forBookings: (ids: readonly string[]) => invoices.forBookings(ids),
    sendPdf: (reply: FastifyReply, file: string | undefined, ids: readonly string[]) => sendCustomerPdf(invoices, reply, file, ids),
  };
  // Rights requests. The privacy engine (PersonalDataOperations) and the restriction flags are not
  // built yet: null keeps those actions off the request page rather than faking them (wire them here).
  const rights = createRightsService({
    database,
    clock,
    outbox: mailOutbox,
    business,
    baseUrl: config.baseUrl,
    secretKey: config.secretKey,
    personalData: privacy.personalData,
    restrictions: {
      restrict: (email, context) => restrictions.restrict(email, context).then(() => undefined),
      lift: (email, context) => restrictions.lift(email, { by: context.by }),
      objectToProspecting: (email, context) => restrictions.objectToProspecting(email, { by: context.by }).then(() => undefined),
    },
  });
  await app.register(rightsRoutes, { rights });
  await app.register(customerSpaceRoutes, { space, customers, booking, catalog, invoices: customerInvoices, paymentStates });
  await app.register(invoicesCustomerRoutes, { invoices, bookingIdForLink: async (reference, token) => (await booking.findForCustomer(reference, token)).booking.id });
  // Every route under /admin is guarded here, once; the modules' back-office plugins need not ask.
  protectBackOffice(app, admin);
  await app.register(settingsRoutes, { settings });
  await app.register(adminRoutes, { admin, team, twoFactor });
  await app.register(settingsAdminRoutes, { settings });
  await app.register(agendaFeedRoutes, { agenda });
  await app.register(agendaAdminRoutes, { agenda, booking, catalog, outbox, jobs, payments, paymentFollowUps: () => paymentStates.followUps(), privacyRequests: () => rights.dueSummary(), otherFollowUps: policyFollowUps(announcements) });
  await app.register(privacyAdminRoutes, { privacy, announcements });
  await app.register(bookingAdminRoutes, { booking, catalog, outbox, payments: paymentsWithInvoices });
  await app.register(paymentsAdminRoutes, { payments: paymentsWithInvoices, refunds: refundsOf() });
  await app.register(catalogAdminRoutes, { catalog });
  await app.register(sessionAdminRoutes, { booking, catalog });
  await app.register(outboxAdminRoutes, { outbox });
  await app.register(jobsAdminRoutes, { jobs });
  const serviceNames = async () => new Map((await catalog.listServices({ activeOnly: false })).map((s) => [s.id, s.name]));
  await app.register(customersAdminRoutes, {
    customers,
    personalData: privacy.personalData,
    baseUrl: config.baseUrl,
    // The directives a customer left through a rights request, on their page (the owner's only).
    directivesOf: async (email) =>
      (await rights.directivesFor(email)).map((d) => ({ receivedAt: d.receivedAt!, text: d.details ?? '', href: adminPaths.privacyRequest(d.id) })),
    bookingsOf: async (customerId: string) => {
      const [bookings, names] = await Promise.all([booking.ofCustomer(customerId), serviceNames()]);
      const paid = await payments.statusesOf(bookings);
      // A cancelled booking shows a payment badge only when money was received for it.
      return bookings.map((b) => {
        const payment = paid.get(b.id);
        return { ...b, serviceName: names.get(b.serviceId) ?? { fr: '—', en: '—' }, ...(payment && !(b.status === 'cancelled' && payment === 'unpaid') ? { payment } : {}) };
      });
    },
    // The customer's data rights on their page, and badges in the list (restrictions module).
    ...customerPrivacyViews(restrictions),
  });
  await app.register(restrictionsAdminRoutes, {
    restrictions,
    customerOf: async (id) => {
      const customer = await customers.get(id);
      return { id: customer.id, email: customer.email, name: customerName(customer) };
    },
  });
  // The owner's lists and the accountant's files of a period (reports): the ledger and the invoices
  // read over a period, each booking named by its reference, each account by its e-mail.
  const invoiceReads = createInvoiceReads({ database });
  const paymentReads = createPaymentReads({ database });
  const bookingReferences = async (ids: string[]) => {
    // A booking no longer found (erased after its retention) is shown without its reference.
    const found = await Promise.all(
      ids.map((id) =>
        booking.getById(id).catch((error: unknown) => {
          if ((error as { code?: string }).code === 'BOOKING_NOT_FOUND') return null;
          throw error;
        }),
      ),
    );
    return new Map(found.flatMap((b) => (b ? [[b.id, b.reference] as const] : [])));
  };
  const accountNames = async () => new Map((await team.members()).map((m) => [m.id, m.email]));
  await app.register(invoicesAdminRoutes, { invoices, reads: invoiceReads, invoicing });
  await app.register(legalArchiveAdminRoutes, { reads: legalArchive.reads });
  await app.register(paymentsPeriodAdminRoutes, { reads: paymentReads, bookingReferences, accountNames });
  await app.register(exportsAdminRoutes, { booking, catalog, customers, invoices: invoiceReads, payments: paymentReads, bookingReferences, accountNames, paymentStates, restrictedTest: () => restrictions.restrictedTest() });
  await app.register(ownerBookingAdminRoutes, { booking, catalog, customers });
  await app.register(ownerApiRoutes, { keys: apiKeys, booking, customers, webhooks, representations, payments, invoices });
  await app.register(ownerApiAdminRoutes, { keys: apiKeys, webhooks });
  await app.register(rightsAdminRoutes, { rights, customerIdFor: async (email) => (await customers.byEmail(email))?.id });

  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(database.db);
      return { status: 'ok', db: database.dialect } satisfies z.output<typeof healthUpSchema>;
    } catch {
      return reply.code(503).send({ status: 'error', db: database.dialect } satisfies z.output<typeof healthDownSchema>);
    }
  });

  // Titled with the business's name: written again when the owner renames it.
  let openApi = { name: business().name, document: openApiDocument(config.baseUrl, business().name) };
  app.get('/api/openapi.json', async () => {
    if (openApi.name !== business().name) openApi = { name: business().name, document: openApiDocument(config.baseUrl, business().name) };
    return openApi.document;
  });

  // Precompressed at start (platform/views/assets.ts): each request only picks the bytes its client accepts.
  app.get('/assets/:file', { compress: false }, async (request, reply) => {
    const asset = app.assets.files.get(request.url.split('?')[0]!);
    if (!asset) return reply.callNotFound();
    const encoding = negotiateEncoding(request);
    reply.header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'accept-encoding').type(asset.contentType);
    if (encoding === 'identity') return reply.send(asset.body);
    return reply.header('content-encoding', encoding).send(asset[encoding]);
  });

  app.get('/robots.txt', async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send('User-agent: *\nDisallow: /admin\nDisallow: /reservation/\nDisallow: /en/booking/\nDisallow: /api/\nDisallow: /agenda/\nDisallow: /mon-espace\nDisallow: /en/my-space\n'),
  );

  return { app, services: { jobs, webhooks, apiKeys, outbox, catalog, admin, team, twoFactor, legal, privacy, announcements, booking, customers, agenda, settings, space, invoices, invoicing, payments, online, refunds: refundsOf(), restrictions, rights, legalArchive }, routes };
}

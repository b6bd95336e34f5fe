import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { AdminContext } from '../../platform/views/admin-layout.js';
import { AppError } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { addDays } from '../../platform/time-zone.js';
import { sendPage } from '../../platform/views/render.js';
import { adminContext } from '../admin/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { JobsService } from '../jobs/index.js';
import type { OutboxService } from '../outbox/index.js';
import { PaymentFollowUpsSection, type PaymentFollowUps, type PaymentsService } from '../payments/index.js';
import type { AgendaGrid } from './agenda.js';
import type { AgendaService, AgendaView } from './agenda.service.js';
import type { BookingService } from './booking.service.js';
import { cancelRefundInfo } from './cancel-refund.form.js';
import { AgendaPage, CancelConfirmPage, ClosureBookingsPage, DashboardPage, RefusedPage } from './views/agenda-pages.js';

/** How many bookings the dashboard lists under « À venir ». */
const NEXT_COUNT = 10;
const REASON_MAX = 500;

/** A back-office path to come back to after a form: only our own /admin pages. */
export function backPath(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/admin(\/|\?|$)/.test(value) && !/[\\\r\n]|\/\//.test(value) ? value : fallback;
}

/** Back office: the dashboard, the agenda (day and week), the feed address, attendance, closures' bookings, the cancel confirmation. */
export async function agendaAdminRoutes(
  app: FastifyInstance,
  deps: {
    agenda: AgendaService;
    booking: BookingService;
    catalog: CatalogService;
    outbox: OutboxService;
    jobs: JobsService;
    payments: PaymentsService;
    /** The payments to follow up on (payments module's states, wired in app.ts); unset: no « À traiter » section. */
    paymentFollowUps?: () => Promise<PaymentFollowUps>;
    /** Open rights requests and how many near or past their deadline (rights module, wired in app.ts; the owner's only). */
    privacyRequests?: () => Promise<{ open: number; soon: number; overdue: number }>;
    /** Other modules' « À traiter » items (a privacy policy to announce), wired in app.ts. */
    otherFollowUps?: (ctx: AdminContext) => Promise<ComponentChildren[]>;
  },
) {
  // The owner's pages: staff get a 403 page (the back-office guard, admin module).
  const ownerOnly = { config: { ownerOnly: true } };
  const { agenda, booking, catalog, outbox, jobs, payments } = deps;

  /** Each booking of the grid with its payment badge (one query for the whole grid). */
  async function withPayments(grid: AgendaGrid): Promise<AgendaGrid> {
    const entries = grid.days.flatMap((d) => d.groups.flatMap((g) => g.entries)).filter((e) => e.booking.status === 'confirmed');
    const statuses = await payments.statusesOf(entries.map((e) => e.booking));
    for (const entry of entries) entry.payment = statuses.get(entry.booking.id);
    return grid;
  }
  /** The references of the bookings the follow-ups name (a booking erased since is named by its link only). */
  async function referencesOf(followUps: PaymentFollowUps): Promise<Map<string, string>> {
    const ids = new Set([...followUps.attention.map((a) => a.bookingId), ...followUps.failed.map((f) => f.bookingId), ...(followUps.awaiting.oldestBookingId ? [followUps.awaiting.oldestBookingId] : [])]);
    const found = await Promise.all([...ids].map((id) => booking.getById(id).catch(() => null)));
    return new Map(found.flatMap((b) => (b ? [[b.id, b.reference] as const] : [])));
  }
  const link = (date: string, view: AgendaView) => `${adminPaths.agenda}?date=${date}&vue=${view}`;

  app.get(adminPaths.dashboard, async (request, reply) => {
    const today = agenda.today();
    // The e-mails and jobs pages are the owner's: staff are not told of failures they cannot look into.
    const owner = request.admin?.role === 'owner';
    const [grid, next, mails, background, followUps] = await Promise.all([
      agenda.grid([today]).then(withPayments),
      agenda.upcoming(NEXT_COUNT),
      owner ? outbox.counts() : undefined,
      owner ? jobs.counts() : undefined,
      deps.paymentFollowUps?.(),
    ]);
    const requests = owner ? await deps.privacyRequests?.() : undefined;
    const ctx = adminContext(request, reply);
    const more = (await deps.otherFollowUps?.(ctx)) ?? [];
    const noPayments: PaymentFollowUps = { attention: [], awaiting: { count: 0, oldestSince: null, oldestBookingId: null }, failed: [] };
    return sendPage(
      reply,
      <DashboardPage
        ctx={ctx}
        date={today}
        grid={grid}
        next={next}
        now={app.clock.now().getTime()}
        failedMails={mails?.failed}
        privacyRequests={requests}
        deadJobs={background?.dead}
        toDeal={followUps || more.length > 0 ? <PaymentFollowUpsSection ctx={ctx} followUps={followUps ?? noPayments} references={followUps ? await referencesOf(followUps) : new Map()} more={more} /> : null}
      />,
    );
  });

  app.get(adminPaths.agenda, async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply) => {
    const locale = requestLocale(request);
    let date: string;
    let view: AgendaView;
    let error: { field: string; message: string } | undefined;
    try {
      ({ date, view } = agenda.parseQuery(request.query));
    } catch (caught) {
      if (!(caught instanceof AppError)) throw caught;
      // The agenda of today, with what was wrong above it.
      error = { field: caught.field ?? 'date', message: caught.messageIn(locale) };
      const fallback = agenda.parseQuery({ vue: request.query.vue === 'semaine' ? 'semaine' : undefined });
      ({ date, view } = fallback);
    }
    const days = agenda.daysOf(date, view);
    const step = view === 'jour' ? 1 : 7;
    // The feed's address opens every booking without a login: the owner's alone (a member removed would keep it).
    const [grid, feedUrl] = await Promise.all([agenda.grid(days).then(withPayments), request.admin?.role === 'owner' ? agenda.feedUrl() : undefined]);
    return sendPage(
      reply,
      <AgendaPage
        ctx={adminContext(request, reply)}
        view={view}
        date={date}
        grid={grid}
        now={app.clock.now().getTime()}
        nav={{ previous: link(addDays(date, -step), view), today: link(agenda.today(), view), next: link(addDays(date, step), view), day: link(date, 'jour'), week: link(date, 'semaine') }}
        feedUrl={feedUrl}
        feedRenewed={request.query.nouvelle === '1'}
        error={error}
      />,
      error ? 400 : 200,
    );
  });

  app.post(adminPaths.agendaFeedRenew, ownerOnly, async (request: FastifyRequest<{ Body: Record<string, unknown> }>, reply) => {
    await agenda.renewFeed();
    const back = backPath(request.body?.retour, adminPaths.agenda);
    return reply.redirect(`${back}${back.includes('?') ? '&' : '?'}nouvelle=1#feed-heading`, 303);
  });

  app.post(adminPaths.bookingAttendance(':id'), async (request: FastifyRequest<{ Params: { id: string }; Body: Record<string, unknown> }>, reply) => {
    const locale = requestLocale(request);
    try {
      await agenda.markAttendance(request.params.id, request.body?.attendance);
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'BOOKING_NOT_FOUND') throw error;
      return sendPage(reply, <RefusedPage ctx={adminContext(request, reply)} message={error.messageIn(locale)} back={adminPaths.booking(request.params.id)} />, error.status);
    }
    return reply.redirect(backPath(request.body?.retour, adminPaths.booking(request.params.id)), 303);
  });

  app.get(adminPaths.closureBookings(':id'), ownerOnly, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const closure = await catalog.closureById(request.params.id);
    const entries = await agenda.coveredBy(closure);
    return sendPage(reply, <ClosureBookingsPage ctx={adminContext(request, reply)} closure={closure} entries={entries} />);
  });

  /** GET …/annuler asks for confirmation; the POST of the same URL (booking.admin.routes) cancels. */
  app.get(adminPaths.bookingCancel(':id'), async (request: FastifyRequest<{ Params: { id: string }; Querystring: Record<string, unknown> }>, reply) => {
    const found = await booking.getById(request.params.id);
    const detail = adminPaths.booking(found.id);
    if (found.status === 'cancelled') return reply.redirect(detail, 303);
    const service = await catalog.serviceById(found.serviceId);
    const reason = typeof request.query.motif === 'string' ? request.query.motif.slice(0, REASON_MAX) : '';
    return sendPage(
      reply,
      <CancelConfirmPage
        ctx={adminContext(request, reply)}
        booking={found}
        serviceName={service.name[requestLocale(request)]}
        reason={reason}
        back={backPath(request.query.retour, detail)}
        refund={await cancelRefundInfo(booking, payments, found, service, app.clock.now().getTime())}
      />,
    );
  });
}

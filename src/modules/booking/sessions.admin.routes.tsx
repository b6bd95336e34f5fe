import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, formStrings, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { sendPage } from '../../platform/views/render.js';
import { adminContext } from '../admin/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { BookingService } from './booking.service.js';
import { SessionCancelPage, SessionPage, SessionsPage } from './views/session-pages.js';

const REASON_MAX = 500;

type IdRequest = FastifyRequest<{ Params: { id: string }; Body: Record<string, unknown> }>;

/** Back office: the sessions of a session service; schedule one, change its places, cancel it (after a confirmation page). */
export async function sessionAdminRoutes(app: FastifyInstance, deps: { booking: BookingService; catalog: CatalogService }) {
  // The owner's pages: staff get a 403 page (the back-office guard, admin module).
  const ownerOnly = { config: { ownerOnly: true } };
  const { booking, catalog } = deps;
  const sessions = booking.sessions;

  async function renderList(request: FastifyRequest, reply: FastifyReply, serviceId: string, errors: Record<string, string> = {}, values: Record<string, string> = {}, status = 200) {
    const service = await catalog.serviceById(serviceId);
    const rows = await sessions.listForService(service);
    return sendPage(reply, <SessionsPage ctx={adminContext(request, reply)} service={service} rows={rows} errors={errors} values={values} />, status);
  }

  async function renderSession(request: FastifyRequest, reply: FastifyReply, id: string, errors: Record<string, string> = {}, values: Record<string, string> = {}, status = 200) {
    const found = await sessions.get(id);
    return sendPage(
      reply,
      <SessionPage ctx={adminContext(request, reply)} service={found.service} session={found.session} booked={found.booked} bookings={found.bookings} errors={errors} values={values} />,
      status,
    );
  }

  app.get(adminPaths.serviceSessions(':id'), ownerOnly, async (request: IdRequest, reply) => renderList(request, reply, request.params.id));

  app.post(adminPaths.serviceSessions(':id'), ownerOnly, async (request: IdRequest, reply) => {
    const locale = requestLocale(request);
    const values = formStrings(request.body);
    const service = await catalog.serviceById(request.params.id);
    try {
      const session = await sessions.schedule(service, values, locale);
      return reply.redirect(adminPaths.session(session.id), 303);
    } catch (error) {
      if (error instanceof ValidationFailed) return renderList(request, reply, service.id, messagesByField(error), values, 422);
      if (error instanceof AppError && (error.code === 'SESSION_EXISTS' || error.code === 'NOT_A_SESSION_SERVICE')) {
        return renderList(request, reply, service.id, { date: error.messageIn(locale) }, values, error.status);
      }
      throw error;
    }
  });

  app.get(adminPaths.session(':id'), ownerOnly, async (request: IdRequest, reply) => renderSession(request, reply, request.params.id));

  app.post(adminPaths.session(':id'), ownerOnly, async (request: IdRequest, reply) => {
    const locale = requestLocale(request);
    const values = formStrings(request.body);
    try {
      await sessions.setPlaces(request.params.id, { places: values.places }, locale);
      return reply.redirect(adminPaths.session(request.params.id), 303);
    } catch (error) {
      if (error instanceof ValidationFailed) return renderSession(request, reply, request.params.id, messagesByField(error), values, 422);
      throw error;
    }
  });

  app.get(adminPaths.sessionCancel(':id'), ownerOnly, async (request: IdRequest, reply) => {
    const found = await sessions.get(request.params.id);
    if (found.session.status === 'cancelled') return reply.redirect(adminPaths.session(found.session.id), 303);
    return sendPage(reply, <SessionCancelPage ctx={adminContext(request, reply)} service={found.service} session={found.session} bookings={found.bookings.length} errors={{}} values={{}} />);
  });

  app.post(adminPaths.sessionCancel(':id'), ownerOnly, async (request: IdRequest, reply) => {
    const locale = requestLocale(request);
    const values = formStrings(request.body);
    const reason = values.reason?.trim() || null;
    if (reason && (reason.length > REASON_MAX || /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(reason))) {
      const found = await sessions.get(request.params.id);
      const message =
        reason.length > REASON_MAX
          ? locale === 'fr'
            ? `Le motif ne peut dépasser ${REASON_MAX}\u00a0caractères.`
            : `The reason cannot exceed ${REASON_MAX} characters.`
          : locale === 'fr'
            ? 'Le motif contient des caractères de contrôle\u00a0; retirez-les.'
            : 'The reason contains control characters; remove them.';
      return sendPage(
        reply,
        <SessionCancelPage ctx={adminContext(request, reply)} service={found.service} session={found.session} bookings={found.bookings.length} errors={{ reason: message }} values={values} />,
        422,
      );
    }
    try {
      await sessions.cancelByOwner(request.params.id, reason);
    } catch (error) {
      // A second click lands on the page that says it is cancelled.
      if (!(error instanceof AppError && error.code === 'SESSION_CANCELLED')) throw error;
    }
    return reply.redirect(adminPaths.session(request.params.id), 303);
  });
}

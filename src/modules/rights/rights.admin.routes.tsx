import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { sendPage } from '../../platform/views/render.js';
import type { Errors } from '../../ui/form.js';
import { adminContext } from '../admin/index.js';
import type { Actor, RightsService } from './rights.service.js';
import { ErasureConfirmPage, RequestListPage, RequestPage, type DoneNotice } from './views/requests-admin-pages.js';

type IdRequest = FastifyRequest<{ Params: { id: string }; Querystring: { fait?: string }; Body: unknown }>;

const doneNotices: readonly DoneNotice[] = ['extended', 'identity', 'checked', 'answered', 'closed', 'erased'];

export interface RightsAdminDeps {
  rights: RightsService;
  /** The customer record with this address, for a rectification (customers module, wired in app.ts). */
  customerIdFor: (email: string) => Promise<string | undefined>;
}

/**
 * Back office: rights requests. The owner's only (the controller decides on each request; they
 * hold identity documents and post-mortem directives, which staff's work does not need).
 */
export async function rightsAdminRoutes(app: FastifyInstance, { rights, customerIdFor }: RightsAdminDeps) {
  const ownerOnly = { config: { ownerOnly: true } };
  const actorOf = (request: FastifyRequest): Actor => ({ email: request.admin!.email });

  app.get(adminPaths.privacyRequests, ownerOnly, async (request, reply) => {
    const [open, closed] = await Promise.all([rights.listOpen(), rights.listClosed()]);
    return sendPage(reply.header('cache-control', 'no-store'), <RequestListPage ctx={adminContext(request, reply)} open={open} closed={closed} today={rights.today()} />);
  });

  async function renderRequest(request: FastifyRequest, reply: FastifyReply, id: string, options: { errors?: Errors; status?: number; done?: DoneNotice } = {}) {
    const found = await rights.details(id);
    const customerId = found.request.type === 'rectification' ? await customerIdFor(found.request.email) : undefined;
    return sendPage(
      reply.header('cache-control', 'no-store'),
      <RequestPage ctx={adminContext(request, reply)} {...found} customerId={customerId} capabilities={rights.capabilities()} errors={options.errors ?? {}} done={options.done} />,
      options.status ?? 200,
    );
  }

  app.get(adminPaths.privacyRequest(':id'), ownerOnly, async (request: IdRequest, reply) => {
    const done = doneNotices.find((n) => n === request.query.fait);
    return renderRequest(request, reply, request.params.id, done ? { done } : {});
  });

  /** Runs an action; its form's field errors, or a refusal the owner can act on, show on the request's page. */
  function action(slug: string, done: DoneNotice, run: (request: IdRequest) => Promise<unknown>) {
    app.post(`${adminPaths.privacyRequest(':id')}/${slug}`, ownerOnly, async (request: IdRequest, reply) => {
      try {
        await run(request);
      } catch (error) {
        if (error instanceof ValidationFailed) return renderRequest(request, reply, request.params.id, { errors: { [`${slug}-text`]: error.errors[0]!.message }, status: 422 });
        if (error instanceof AppError && error.code !== 'REQUEST_NOT_FOUND' && error.status < 500) return renderRequest(request, reply, request.params.id, { errors: { [`${slug}-text`]: error.messageIn(requestLocale(request)) }, status: error.status });
        throw error;
      }
      return reply.redirect(`${adminPaths.privacyRequest(request.params.id)}?fait=${done}`, 303);
    });
  }

  action('prolonger', 'extended', (r) => rights.extend(r.params.id, r.body, actorOf(r), requestLocale(r)));
  action('justificatif', 'identity', (r) => rights.askIdentity(r.params.id, r.body, actorOf(r), requestLocale(r)));
  action('identite-verifiee', 'checked', (r) => rights.identityChecked(r.params.id, actorOf(r)));
  action('envoyer-donnees', 'answered', (r) => rights.sendAccessArchive(r.params.id, actorOf(r)));
  action('effacer', 'erased', (r) => rights.erase(r.params.id, actorOf(r)));
  action('limiter', 'answered', (r) => rights.applyRestriction(r.params.id, 'restrict', r.body, actorOf(r), requestLocale(r)));
  action('lever-limitation', 'answered', (r) => rights.applyRestriction(r.params.id, 'lift', r.body, actorOf(r), requestLocale(r)));
  action('opposition', 'answered', (r) => rights.applyRestriction(r.params.id, 'object', r.body, actorOf(r), requestLocale(r)));
  action('repondre', 'answered', (r) => rights.reply(r.params.id, r.body, actorOf(r), requestLocale(r)));
  action('clore', 'closed', (r) => rights.close(r.params.id, r.body, actorOf(r), requestLocale(r)));

  // The proof of identity, opened for the owner only, never cached; each reading is in the history.
  app.get(`${adminPaths.privacyRequest(':id')}/justificatif`, ownerOnly, async (request: IdRequest, reply) => {
    const { contentType, bytes } = await rights.identityDocument(request.params.id, actorOf(request));
    const extension = contentType === 'application/pdf' ? 'pdf' : contentType === 'image/png' ? 'png' : 'jpg';
    return reply
      .type(contentType)
      .header('cache-control', 'no-store')
      .header('content-disposition', `inline; filename="justificatif.${extension}"`)
      .header('x-content-type-options', 'nosniff')
      .send(bytes);
  });

  // Erasure is shown before it is done: what the engine finds for this address.
  app.get(`${adminPaths.privacyRequest(':id')}/effacer`, ownerOnly, async (request: IdRequest, reply) => {
    const found = await rights.details(request.params.id);
    const preview = await rights.erasurePreview(request.params.id);
    return sendPage(reply.header('cache-control', 'no-store'), <ErasureConfirmPage ctx={adminContext(request, reply)} request={found.request} found={preview.found} />);
  });
}

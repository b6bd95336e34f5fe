import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, formStrings, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { paths } from '../../platform/http/paths.js';
import { limitedBy, type RateLimitHook } from '../../platform/http/rate-limit.js';
import { locales, type Locale } from '../../platform/i18n/locale.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { bookingApiErrors } from '../booking/index.js';
import { rightsErrors } from './rights.errors.js';
import { rightsPaths } from './rights.paths.js';
import type { PrivacyRequestAccepted } from './rights.schemas.js';
import { MAX_DOCUMENT_BYTES, type RightsService } from './rights.service.js';
import { ConfirmedPage, ConfirmPage, IdentityReceivedPage, IdentityUploadPage, InvalidLinkPage, RequestSentPage, RightsFormPage } from './views/rights-pages.js';

/** Requests one client may send in 15 minutes, by the form (either language) and the API together. */
export const REQUESTS_PER_CLIENT = 10;
const TOO_LARGE = Symbol('too large');

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

/** /mes-droits and /en/my-rights (the form, its confirmation link, the identity upload link) and POST /api/v1/privacy-requests. */
export async function rightsRoutes(app: FastifyInstance, { rights }: { rights: RightsService }) {
  // One counter per client for the form in both languages and the API: each request sends a mail.
  const submitLimit: RateLimitHook = app.rateLimit({ max: REQUESTS_PER_CLIENT, timeWindow: '15 minutes' }) as RateLimitHook;
  const linkLimit = { config: { rateLimit: { max: 20, timeWindow: '15 minutes' } } };
  const other = (locale: Locale): Locale => (locale === 'fr' ? 'en' : 'fr');

  /** The links hold tokens: not cached, not indexed, not leaked in a Referer. */
  const privateReply = (reply: FastifyReply) => reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex, nofollow');
  /** A form posted from another site (the browser says so) is refused. */
  function refuseCrossSite(request: FastifyRequest): void {
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw rightsErrors.FORM_FROM_ELSEWHERE();
  }

  app.post('/api/v1/privacy-requests', limitedBy(submitLimit), async (request, reply) => {
    if (!/^application\/(.+\+)?json\b/i.test(request.headers['content-type'] ?? '')) throw bookingApiErrors.JSON_REQUIRED();
    await rights.submit(request.body, requestLocale(request));
    // The same answer whether the address is a customer's, someone else's, or over its hourly limit.
    const answer: PrivacyRequestAccepted = { status: 'pending_confirmation' };
    return reply.code(202).header('cache-control', 'no-store').send(answer);
  });

  for (const locale of locales) {
    const form = paths.rights(locale);
    const ctx = (request: FastifyRequest, alternate?: string) => pageContext(request, alternate, locale);

    app.get(form, async (request, reply) => sendPage(reply, <RightsFormPage ctx={ctx(request, paths.rights(other(locale)))} errors={{}} values={{}} />));

    app.post(form, limitedBy(submitLimit), async (request, reply) => {
      const values = formStrings(request.body);
      try {
        await rights.submit({ type: values.type, email: values.email, deceasedEmail: values.deceasedEmail, details: values.details }, locale);
      } catch (error) {
        if (!(error instanceof ValidationFailed)) throw error;
        return sendPage(reply, <RightsFormPage ctx={ctx(request)} errors={messagesByField(error)} values={values} />, 422);
      }
      return sendPage(privateReply(reply), <RequestSentPage ctx={ctx(request)} email={(values.email ?? '').trim()} />);
    });

    const confirmPath = rightsPaths.confirm(locale, ':token');
    // The mail's link shows a button: a mail scanner that fetches it confirms nothing.
    app.get(confirmPath, linkLimit, async (request: TokenRequest, reply) => {
      const pending = await rights.confirmationOf(request.params.token);
      if (!pending) return sendPage(privateReply(reply), <InvalidLinkPage ctx={ctx(request)} message={rightsErrors.CONFIRM_LINK_INVALID().messageIn(locale)} again />, 410);
      return sendPage(privateReply(reply), <ConfirmPage ctx={ctx(request)} type={pending.type} action={rightsPaths.confirm(locale, request.params.token)} />);
    });
    app.post(confirmPath, linkLimit, async (request: TokenRequest, reply) => {
      refuseCrossSite(request);
      try {
        const confirmed = await rights.confirm(request.params.token);
        return sendPage(privateReply(reply), <ConfirmedPage ctx={ctx(request)} dueDate={confirmed.dueDate!} />);
      } catch (error) {
        if (error instanceof AppError && error.code === 'CONFIRM_LINK_INVALID') return sendPage(privateReply(reply), <InvalidLinkPage ctx={ctx(request)} message={error.messageIn(locale)} again />, 410);
        throw error;
      }
    });

    const identityPath = rightsPaths.identity(locale, ':token');
    app.get(identityPath, linkLimit, async (request: TokenRequest, reply) => {
      if (!(await rights.identityLinkIsLive(request.params.token))) {
        return sendPage(privateReply(reply), <InvalidLinkPage ctx={ctx(request)} message={rightsErrors.IDENTITY_LINK_INVALID().messageIn(locale)} again={false} />, 410);
      }
      return sendPage(privateReply(reply), <IdentityUploadPage ctx={ctx(request)} token={request.params.token} />);
    });

    // The upload alone takes multipart bodies: its own scope, so no other route parses them.
    await app.register(async (scope) => {
      await scope.register(multipart, {
        attachFieldsToBody: 'keyValues',
        throwFileSizeLimit: false,
        limits: { fileSize: MAX_DOCUMENT_BYTES + 1, files: 1, fields: 2, fieldSize: 1024, parts: 3 },
        // Read here so that a file over the limit is told apart from a small one (the parser stops reading at the limit).
        async onFile(part) {
          const bytes = await part.toBuffer();
          (part as unknown as { value: unknown }).value = part.file.truncated ? TOO_LARGE : bytes;
        },
      });
      scope.post(identityPath, { ...linkLimit, bodyLimit: MAX_DOCUMENT_BYTES + 64 * 1024 }, async (request: TokenRequest, reply) => {
        refuseCrossSite(request);
        const sent = (request.body as Record<string, unknown> | undefined)?.document;
        const file = sent === TOO_LARGE ? 'too-large' : Buffer.isBuffer(sent) ? sent : undefined;
        try {
          await rights.uploadIdentity(request.params.token, file);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          if (error.code === 'IDENTITY_LINK_INVALID') return sendPage(privateReply(reply), <InvalidLinkPage ctx={ctx(request)} message={error.messageIn(locale)} again={false} />, 410);
          return sendPage(privateReply(reply), <IdentityUploadPage ctx={ctx(request)} token={request.params.token} error={error.messageIn(locale)} />, error.status);
        }
        return sendPage(privateReply(reply), <IdentityReceivedPage ctx={ctx(request)} />);
      });
    });
  }
}

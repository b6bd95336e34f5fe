import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { localeOfPath, negotiateLocale, type Locale, type Localized } from '../i18n/locale.js';
import { ErrorPage } from '../views/error-page.js';
import { pageContext } from '../views/page-context.js';
import { sendPage } from '../views/render.js';
import type { ErrorBody, FieldErrorsBody } from './error-body.js';
import { AppError, ValidationFailed } from './errors.js';

/** JSON for the API and machine endpoints, HTML pages for people. */
export function wantsJson(request: FastifyRequest): boolean {
  // The payment providers' webhooks (/webhooks/…) are machines too: they read JSON.
  return request.url.startsWith('/api/') || request.url === '/api' || request.url.startsWith('/healthz') || request.url.startsWith('/webhooks/');
}

/** The language of the person who made the request. */
export function requestLocale(request: FastifyRequest): Locale {
  if (wantsJson(request) || request.url.startsWith('/admin')) return negotiateLocale(request.headers['accept-language']);
  return localeOfPath(request.url);
}

interface Problem {
  status: number;
  code: string;
  messages: Localized;
}

const problems: Record<string, Problem> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    messages: { fr: 'Le corps de la requête n’est pas du JSON valide.', en: 'The request body is not valid JSON.' },
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    messages: { fr: 'Le corps de la requête est vide\u00a0; un objet JSON est attendu.', en: 'The request body is empty; a JSON object is expected.' },
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    messages: { fr: 'Ce type de contenu n’est pas accepté\u00a0; envoyez du JSON.', en: 'This content type is not accepted; send JSON.' },
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'BAD_REQUEST',
    messages: { fr: 'La longueur annoncée du contenu est incorrecte.', en: 'The announced content length is wrong.' },
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    messages: { fr: 'La requête est trop volumineuse.', en: 'The request is too large.' },
  },
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'BAD_URL',
    messages: {
      fr: 'Cette adresse est mal formée (un caractère encodé avec «\u00a0%\u00a0» est incorrect). Vérifiez le lien.',
      en: 'This address is malformed (a character encoded with "%" is wrong). Check the link.',
    },
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'URL_TOO_LONG',
    messages: { fr: 'Cette adresse est trop longue. Vérifiez le lien.', en: 'This address is too long. Check the link.' },
  },
  FST_CSRF_INVALID_TOKEN: {
    status: 403,
    code: 'FORM_EXPIRED',
    messages: {
      fr: 'Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et réessayez.',
      en: 'This form has expired or did not come from this site. Reload the page and try again.',
    },
  },
  FST_CSRF_MISSING_SECRET: {
    status: 403,
    code: 'FORM_EXPIRED',
    messages: {
      fr: 'Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et réessayez.',
      en: 'This form has expired or did not come from this site. Reload the page and try again.',
    },
  },
};

const byStatus: Record<number, Problem> = {
  404: { status: 404, code: 'NOT_FOUND', messages: { fr: 'Cette page n’existe pas.', en: 'This page does not exist.' } },
  405: { status: 405, code: 'METHOD_NOT_ALLOWED', messages: { fr: 'Cette méthode n’est pas acceptée ici.', en: 'This method is not allowed here.' } },
  429: {
    status: 429,
    code: 'TOO_MANY_REQUESTS',
    messages: { fr: 'Trop de demandes en peu de temps. Patientez une minute puis réessayez.', en: 'Too many requests in a short time. Wait a minute and try again.' },
  },
};

const badRequest: Problem = {
  status: 400,
  code: 'BAD_REQUEST',
  messages: { fr: 'La requête est incorrecte.', en: 'The request is malformed.' },
};

const INTERNAL_ERROR = 'INTERNAL_ERROR';

/** Every code this handler answers with by itself, and its status: the API's description names them per answer. */
export const platformErrorStatuses: ReadonlyMap<string, number> = new Map([
  ...[...Object.values(problems), ...Object.values(byStatus), badRequest].map((p) => [p.code, p.status] as const),
  [INTERNAL_ERROR, 500],
]);

const internal: Localized = {
  fr: 'Une erreur inattendue s’est produite de notre côté. Rien n’a été enregistré\u00a0; réessayez dans un instant.',
  en: 'Something unexpected went wrong on our side. Nothing was saved; try again in a moment.',
};

const headings: Record<number, Localized> = {
  400: { fr: 'Requête incorrecte', en: 'Bad request' },
  403: { fr: 'Accès refusé', en: 'Access denied' },
  404: { fr: 'Page introuvable', en: 'Page not found' },
  409: { fr: 'Conflit', en: 'Conflict' },
  422: { fr: 'Données incorrectes', en: 'Invalid data' },
  414: { fr: 'Adresse trop longue', en: 'Address too long' },
  429: { fr: 'Trop de demandes', en: 'Too many requests' },
  500: { fr: 'Erreur du serveur', en: 'Server error' },
};

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const locale = requestLocale(request);
    if (error instanceof ValidationFailed) {
      return respond(request, reply, locale, 422, 'VALIDATION_FAILED', { fr: 'Données incorrectes.', en: 'Invalid data.' }, error.errors);
    }
    if (error instanceof AppError) {
      if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
      return respond(request, reply, locale, error.status, error.code, error.messages);
    }
    const known = problems[error.code];
    if (known) return respond(request, reply, locale, known.status, known.code, known.messages);
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const problem = byStatus[status] ?? badRequest;
      return respond(request, reply, locale, status, problem.code, problem.messages);
    }
    request.log.error({ err: error }, 'unhandled error');
    return respond(request, reply, locale, 500, INTERNAL_ERROR, internal);
  });

  app.setNotFoundHandler((request, reply) => {
    const problem = byStatus[404]!;
    return respond(request, reply, requestLocale(request), 404, problem.code, problem.messages);
  });
}

/**
 * Fastify's `frameworkErrors`: errors the router raises before any route is found (bad
 * percent-encoding, a parameter over maxParamLength). No hook runs for them, so the security
 * headers are set here; the answer is then the site's error page, or the API's JSON, with a log line.
 */
export function routerErrorHandler(securityHeaders: (request: FastifyRequest, reply: FastifyReply) => void) {
  return async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const problem = problems[error.code] ?? badRequest;
    request.log.info({ code: error.code, statusCode: problem.status }, 'malformed request URL');
    try {
      securityHeaders(request, reply);
    } catch (failure) {
      request.log.error({ err: failure }, 'security headers failed');
    }
    return respond(request, reply, requestLocale(request), problem.status, problem.code, problem.messages);
  };
}

function respond(
  request: FastifyRequest,
  reply: FastifyReply,
  locale: Locale,
  status: number,
  code: string,
  messages: Localized,
  fieldErrors?: { field: string; message: string }[],
) {
  const message = messages[locale];
  if (wantsJson(request)) {
    const body: FieldErrorsBody | ErrorBody = fieldErrors ? { errors: fieldErrors } : { error: { code, message, ...(status >= 500 ? { requestId: request.id } : {}) } };
    return reply.code(status).header('cache-control', 'no-store').send(body);
  }
  const heading = (headings[status] ?? headings[400]!)[locale];
  const detail = fieldErrors ? fieldErrors.map((e) => e.message).join(' ') : message;
  return sendPage(
    reply,
    h(ErrorPage, { ctx: pageContext(request, undefined, locale), heading, message: detail, ...(status >= 500 ? { requestId: request.id } : {}) }),
    status,
  );
}

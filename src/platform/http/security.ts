import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The security headers of every answer (Content-Security-Policy, HSTS under https, …). */
function securityHeaderOptions(https: boolean) {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000 } : (false as const),
    referrerPolicy: { policy: 'same-origin' as const },
  } satisfies HelmetOptions;
}

/**
 * Sets the security headers on a response: every request's (an onRequest hook in app.ts) and the
 * answers made outside the request lifecycle (errors raised by the router before any route is
 * found). The helmet middleware is built once, here: @fastify/helmet built it again for every
 * request, parsing the whole policy each time (about a tenth of the CPU of a cached page).
 */
export function securityHeaders(https: boolean): (request: FastifyRequest, reply: FastifyReply) => void {
  const middleware = helmet(securityHeaderOptions(https));
  return (request, reply) =>
    middleware(request.raw, reply.raw, (error?: unknown) => {
      if (error) throw error;
    });
}

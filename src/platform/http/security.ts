import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';

/** The security headers of every answer (Content-Security-Policy, HSTS under https, …). */
export function securityHeaderOptions(https: boolean) {
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
  } satisfies FastifyHelmetOptions;
}

/**
 * The same headers for answers made outside the request lifecycle, where the helmet plugin's
 * hooks do not run (errors raised by the router before any route is found).
 */
export function securityHeadersOutsideHooks(https: boolean): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const middleware = helmet(securityHeaderOptions(https));
  return (request, reply) =>
    new Promise((resolve, reject) => middleware(request.raw, reply.raw, (error?: unknown) => (error ? reject(error) : resolve())));
}

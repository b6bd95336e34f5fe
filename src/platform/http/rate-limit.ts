import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A limiter made once by @fastify/rate-limit's `app.rateLimit()` and given to several routes'
 * onRequest hooks: they share its counter (a `config.rateLimit` per route counts each route apart).
 */
export type RateLimitHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** The route options that apply a shared limiter, or none. */
export function limitedBy(hook: RateLimitHook | undefined): { onRequest?: RateLimitHook } {
  return hook ? { onRequest: hook } : {};
}

import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isPublicAddress, literalAddress, publicOnlyLookup } from './webhooks.address.js';

const TIMEOUT_MS = 10_000;
/** What is kept of an endpoint's answer: enough to tell the owner what it said. */
const ANSWER_EXCERPT = 300;

/** The signature header, as Stripe signs: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export interface SendOutcome {
  /** The HTTP status the endpoint answered, or null when none came (refused, timed out, private address). */
  status: number | null;
  ok: boolean;
  error: string | null;
}

/**
 * POSTs one delivery: the raw body as given (it is what was signed), no redirect followed, ten
 * seconds at most, and never to a private address unless allowed.
 */
export function sendWebhook(options: { url: string; body: string; secret: string; eventId: string; nowSeconds: number; allowPrivate: boolean }): Promise<SendOutcome> {
  const url = new URL(options.url);
  const literal = literalAddress(url.hostname);
  if (literal && !options.allowPrivate && !isPublicAddress(literal)) {
    return Promise.resolve({ status: null, ok: false, error: `${literal} is a private address` });
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        lookup: publicOnlyLookup(options.allowPrivate),
        timeout: TIMEOUT_MS,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(options.body),
          'user-agent': 'WServices-Webhooks/1.0',
          'wservices-signature': signatureHeader(options.secret, options.body, options.nowSeconds),
          'wservices-event-id': options.eventId,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < ANSWER_EXCERPT) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          const excerpt = Buffer.concat(chunks).toString('utf8').slice(0, ANSWER_EXCERPT);
          resolve({ status, ok, error: ok ? null : `HTTP ${status}${excerpt ? `: ${excerpt}` : ''}` });
        });
        response.on('error', (error) => resolve({ status: response.statusCode ?? null, ok: false, error: error.message }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    request.on('error', (error) => resolve({ status: null, ok: false, error: error.message }));
    request.end(options.body);
  });
}

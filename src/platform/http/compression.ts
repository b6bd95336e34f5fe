import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import compress from '@fastify/compress';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export type ContentEncoding = 'br' | 'gzip' | 'identity';

/** The bytes of a file in each encoding, made once (at start) rather than on every request. */
export interface Precompressed {
  readonly body: Buffer;
  readonly br: Buffer;
  readonly gzip: Buffer;
}

export function precompress(body: Buffer): Precompressed {
  return {
    body,
    br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    gzip: gzipSync(body, { level: 9 }),
  };
}

/** The best encoding the request accepts among br, gzip and none (Accept-Encoding with q-values, RFC 9110 §12.5.3). */
export function negotiateEncoding(request: FastifyRequest): ContentEncoding {
  const header = request.headers['accept-encoding'];
  if (typeof header !== 'string' || header === '') return 'identity';
  const weights = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...parameters] = part.trim().split(';');
    const q = parameters.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name.trim() === 'x-gzip' ? 'gzip' : name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => weights.get(name) ?? weights.get('*') ?? 0;
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}

/**
 * Pages and API answers are compressed (brotli, else gzip) for clients that ask; a client that
 * does not (a load generator, curl) gets the same bytes as before, at no cost. Bodies under
 * 1 kB are sent as they are. Request bodies are never decompressed (no new way to send more
 * than the body limit). Routes that serve precompressed bytes opt out (`compress: false`).
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    globalDecompression: false,
    // Quality 4: most of brotli's gain at a fraction of its cost, for answers made per request.
    brotliOptions: { params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
}

import type { LoggerOptions } from 'pino';

/**
 * Logs carry ids, never personal data: anything that may hold an email, a phone, a
 * token, a cookie or a form body is removed here, centrally, whatever the call site logs.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        'body',
        'req.body',
        '*.email',
        '*.phone',
        '*.password',
        '*.token',
        'email',
        'phone',
        'password',
        'token',
        'recipient',
        '*.recipient',
      ],
      remove: true,
    },
    serializers: {
      req(request: { method: string; url: string; id: string }) {
        // The path may hold a private manage token: log the route shape, not the secret.
        return { method: request.method, url: redactTokens(request.url), id: request.id };
      },
    },
  };
}

/** Replaces path segments and query values that look like secrets with "…". */
export function redactTokens(url: string): string {
  return url
    .replace(/\/(reservation|booking)\/([^/?]+)\/([^/?]+)/g, '/$1/$2/…')
    .replace(/\/(installation)\/([^/?]+)/g, '/$1/…')
    .replace(/([?&](token|t)=)[^&]+/g, '$1…');
}

import pino, { type DestinationStream, type LoggerOptions } from 'pino';
import pinoPretty from 'pino-pretty';

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

export type LogFormat = 'pretty' | 'json';

/** Readable lines for a person at a terminal; JSON lines for everything else (files, log collectors, tests). */
export function logFormatFor(stdout: { isTTY?: boolean }): LogFormat {
  return stdout.isTTY ? 'pretty' : 'json';
}

/**
 * Where the log lines go, in the format that suits standard output. Synchronous in both
 * formats, so a line logged before main.ts prints the owner-setup link is printed before it.
 * The redaction of loggerOptions applies before either format sees a line.
 */
export function logDestination(format: LogFormat, destination: DestinationStream | NodeJS.WritableStream = pino.destination({ dest: 1, sync: true })): DestinationStream {
  if (format === 'json') return destination as DestinationStream;
  return pinoPretty({
    destination,
    sync: true,
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    singleLine: true,
  });
}

/** Replaces path segments and query values that look like secrets or personal data with "…". */
export function redactTokens(url: string): string {
  return url
    .replace(/\/(reservation|booking)\/([^/?]+)\/([^/?]+)/g, '/$1/$2/…')
    .replace(/\/(installation|invitation|mot-de-passe-oublie|connexion|sign-in)\/([^/?]+)/g, '/$1/…')
    // q: the back office's customer search holds names, addresses or phone numbers; email: a prefilled form.
    .replace(/([?&](token|t|q|email)=)[^&]+/g, '$1…');
}

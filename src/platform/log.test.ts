import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { logDestination, logFormatFor, loggerOptions, redactTokens, type LogFormat } from './log.js';

describe('log redaction', () => {
  it('keeps the shape of a URL and drops the private tokens in it', () => {
    expect(redactTokens('/reservation/ABCDE-FGHJK/s3cr3t-token/calendar.ics')).toBe('/reservation/ABCDE-FGHJK/…/calendar.ics');
    expect(redactTokens('/en/booking/ABCDE-FGHJK/s3cr3t-token?confirmee=1')).toBe('/en/booking/ABCDE-FGHJK/…?confirmee=1');
    expect(redactTokens('/admin/installation/s3cr3t-setup-token')).toBe('/admin/installation/…');
    expect(redactTokens('/x?token=abc&t=def&other=1')).toBe('/x?token=…&t=…&other=1');
    expect(redactTokens('/services/diagnostic-informatique?date=2026-12-01')).toBe('/services/diagnostic-informatique?date=2026-12-01');
    // A customer searched for in the back office, or an address carried by a link: personal data, not logged.
    expect(redactTokens('/admin/clients?q=claire%20martin&page=2')).toBe('/admin/clients?q=…&page=2');
    expect(redactTokens('/mes-droits?email=claire%40example.fr')).toBe('/mes-droits?email=…');
  });
});

describe('log format', () => {
  /** A logger as main.ts builds it, writing to memory instead of standard output. */
  function logWith(format: LogFormat) {
    const lines: string[] = [];
    const memory = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const log = pino(loggerOptions('info'), logDestination(format, memory));
    return { log, lines };
  }

  it('writes readable lines when standard output is a terminal, JSON lines otherwise', () => {
    expect(logFormatFor({ isTTY: true })).toBe('pretty');
    expect(logFormatFor({ isTTY: false })).toBe('json');
    expect(logFormatFor({})).toBe('json');
  });

  it('prints a pretty line a person reads: time, level and message on one line, no JSON, personal data still removed', () => {
    const { log, lines } = logWith('pretty');
    log.info({ outboxId: 'm1', recipient: 'claire.martin@example.fr', email: 'claire.martin@example.fr' }, 'mail delivered');
    expect(lines).toHaveLength(1);
    const plain = lines[0]!.replace(/\u001b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: mail delivered \{.*"outboxId": ?"m1".*\}$/);
    expect(plain).not.toContain('claire');
    expect(() => JSON.parse(lines[0]!)).toThrow();
  });

  it('prints JSON lines otherwise, as log collectors and the tests read them', () => {
    const { log, lines } = logWith('json');
    log.warn({ outboxId: 'm1', phone: '+33612345678' }, 'mail delivery failed');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, msg: 'mail delivery failed', outboxId: 'm1' });
    expect(lines[0]).not.toContain('+336');
  });
});

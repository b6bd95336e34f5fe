import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailTransport, toEml, type OutgoingMail } from './transport.js';

const mail: OutgoingMail = {
  messageId: '<abc@example.fr>',
  date: new Date('2026-11-26T07:00:00Z'),
  from: 'W Services <contact@example.fr>',
  to: 'claire@example.fr',
  subject: 'Votre réservation',
  text: 'Bonjour,\nvotre réservation est confirmée.\n\nÀ bientôt\n',
  html: '<p>Bonjour,</p>\n<p>votre réservation est confirmée.</p>\n',
  attachments: [{ filename: 'A.ics', contentType: 'text/calendar; charset=utf-8', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' }],
};

describe('mail saved as .eml files', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'wservices-mail-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes RFC 5322 messages: every line ends with CRLF, none with a bare LF or CR', async () => {
    const bytes = (await toEml(mail)).toString('latin1');
    expect(bytes).toContain('\r\n');
    expect(bytes).not.toMatch(/[^\r]\n/);
    expect(bytes).not.toMatch(/\r(?!\n)/);
    const transport = createMailTransport({ smtpUrl: undefined, dataDir: path.join(root, 'crlf') });
    await transport.deliver(mail);
    const [file] = readdirSync(path.join(root, 'crlf', 'mail'));
    expect(readFileSync(path.join(root, 'crlf', 'mail', file!), 'latin1')).not.toMatch(/[^\r]\n/);
  });

  it('keeps DATA_DIR and mail/ for the server’s user only (0700), and each .eml file too (0600)', async () => {
    const dataDir = path.join(root, 'new', 'data');
    const transport = createMailTransport({ smtpUrl: undefined, dataDir });
    await transport.deliver(mail);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dataDir, 'mail')).mode & 0o777).toBe(0o700);
    const files = readdirSync(path.join(dataDir, 'mail'));
    expect(files).toHaveLength(1);
    expect(statSync(path.join(dataDir, 'mail', files[0]!)).mode & 0o777).toBe(0o600);
  });
});

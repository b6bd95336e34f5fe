import { readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { makePrivateDirectory, PRIVATE_FILE_MODE } from '../private-files.js';

/** A message exactly as it will leave: the same bytes on every attempt. */
export interface OutgoingMail {
  messageId: string;
  date: Date;
  from: string;
  to: string;
  /** One plain address, checked when the message was queued. */
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /** Text content, or base64 with `encoding`; a `cid` makes it inline (the logo in the HTML part). */
  attachments: { filename: string; contentType: string; content: string; encoding?: 'base64'; cid?: string }[];
}

/** Thrown when a delivery fails; permanent failures (a 5xx SMTP answer refusing the message) are not retried. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface MailTransport {
  /** "smtp" sends; "file" only writes .eml files, when no SMTP server is configured. */
  readonly kind: 'smtp' | 'file';
  deliver(mail: OutgoingMail): Promise<void>;
  /** Deletes the copies it keeps (the .eml files) written before `before`; returns how many. */
  prune(before: Date): Promise<number>;
  close(): void;
}

function composerOptions(mail: OutgoingMail) {
  return {
    messageId: mail.messageId,
    date: mail.date,
    from: mail.from,
    to: mail.to,
    // An address object, not a string: nodemailer then never parses it as a list of addresses.
    ...(mail.replyTo ? { replyTo: { name: '', address: mail.replyTo } } : {}),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
      ...(a.encoding ? { encoding: a.encoding } : {}),
      ...(a.cid ? { cid: a.cid, contentDisposition: 'inline' as const } : {}),
    })),
    // Our messages carry their content inline; never let a message read a local file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/**
 * The RFC 5322 bytes of a message: what the .eml files and the back office's download hold.
 * The composer leaves the LF of our texts as they are inside 8-bit parts; RFC 5322 lines end
 * with CRLF. (LF and CR bytes never occur inside a UTF-8 sequence, so bytes can be rewritten.)
 */
export async function toEml(mail: OutgoingMail): Promise<Buffer> {
  const bytes = await new MailComposer(composerOptions(mail)).compile().build();
  return Buffer.from(bytes.toString('latin1').replace(/\r?\n|\r/g, '\r\n'), 'latin1');
}

/** Where the file transport writes its .eml copies: DATA_DIR/mail. */
export function mailDirectory(dataDir: string): string {
  return path.join(dataDir, 'mail');
}

export function createMailTransport(options: { smtpUrl: string | undefined; dataDir: string }): MailTransport {
  return options.smtpUrl ? smtpTransport(options.smtpUrl) : fileTransport(mailDirectory(options.dataDir));
}

function smtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl, {});
  // Timeouts short enough that a hung server delays the queue, not the process.
  Object.assign(transporter.options, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    kind: 'smtp',
    async deliver(mail) {
      try {
        await transporter.sendMail(composerOptions(mail));
      } catch (error) {
        const e = error as { responseCode?: number; code?: string; message?: string };
        // Final only when the server refused this message (its envelope or its content); a 5xx to the
        // login or the greeting is a setting to fix, after which the waiting messages must still go out.
        const refusedMessage = e.code === 'EENVELOPE' || e.code === 'EMESSAGE';
        const permanent = refusedMessage && typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
        throw new DeliveryError(e.message ?? String(error), permanent);
      }
    },
    prune: async () => 0,
    close: () => transporter.close(),
  };
}

function fileTransport(directory: string): MailTransport {
  makePrivateDirectory(directory);
  return {
    kind: 'file',
    async deliver(mail) {
      const bytes = await toEml(mail);
      const name = `${mail.date.toISOString().replace(/[:.]/g, '-')}_${mail.messageId.replace(/[^A-Za-z0-9@.-]/g, '')}.eml`;
      const target = path.join(directory, name);
      // Write then rename: a reader never sees half a message, and a retry overwrites the same file.
      // Asynchronous: creating a file in a folder of thousands blocks for a while, and pages wait meanwhile.
      await writeFile(`${target}.tmp`, bytes, { mode: PRIVATE_FILE_MODE });
      await rename(`${target}.tmp`, target);
    },
    async prune(before) {
      let deleted = 0;
      for (const name of await readdir(directory)) {
        if (!name.endsWith('.eml')) continue;
        const file = path.join(directory, name);
        const { mtimeMs } = await stat(file);
        if (mtimeMs < before.getTime()) {
          await unlink(file);
          deleted++;
        }
      }
      return deleted;
    },
    close: () => undefined,
  };
}

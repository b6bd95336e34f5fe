import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  to: string[];
}

/**
 * A real SMTP server on loopback for tests. `fail` makes it refuse messages with a
 * temporary (451) or permanent (550) error; `stop` takes it down entirely.
 */
export interface TestSmtpServer {
  url: string;
  port: number;
  received: ReceivedMail[];
  fail: 'temporary' | 'permanent' | false;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

/**
 * `beforeAccept(n)`, when given, is awaited before each message is accepted (n counts messages
 * from 1): a test runs what happens "while the server is slow" there, without waiting on real time.
 */
export async function startSmtpServer(port = 0, beforeAccept?: (n: number) => Promise<void>): Promise<TestSmtpServer> {
  let count = 0;
  const state: TestSmtpServer = {
    url: '',
    port: 0,
    received: [],
    fail: false,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (state.received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, received ${state.received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return state.received;
    },
    stop: async () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.fail === 'temporary') return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        if (state.fail === 'permanent') return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        const raw = Buffer.concat(chunks).toString('utf8');
        void (async () => {
          await beforeAccept?.(++count);
          state.received.push({ raw, parsed: await simpleParser(raw), to: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        })().catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  state.url = `smtp://127.0.0.1:${state.port}`;
  state.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

export interface ReceivedWebhook {
  headers: IncomingMessage['headers'];
  body: string;
}

export interface WebhookReceiver {
  /** Where to send the webhooks: http://127.0.0.1:<port>/hooks. */
  url: string;
  /** Every POST received, in order. */
  received: ReceivedWebhook[];
  server: Server;
  /** Stops listening; closing twice is harmless. */
  close(): Promise<void>;
}

/**
 * An HTTP server on loopback that records every request it receives and answers with the next
 * status of `answers`, then 200: the owner's tool at the other end of a webhook.
 */
export async function startWebhookReceiver(answers: number[] = []): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = answers.shift() ?? 200;
      response.end(response.statusCode === 200 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** startWebhookReceiver, inside a test: closed when that test ends. */
export async function webhookReceiverForThisTest(answers: number[] = []): Promise<WebhookReceiver> {
  const receiver = await startWebhookReceiver(answers);
  onTestFinished(receiver.close);
  return receiver;
}

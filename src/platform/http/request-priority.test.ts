import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestPriority, type RequestPriority } from './request-priority.js';

/** Keeps the event loop working for `ms`, as a process answering requests flat out does. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** Whether `giveWay()` paused: it did if a macrotask queued at the same moment ran first. */
async function paused(priority: RequestPriority): Promise<boolean> {
  let macrotaskRan = false;
  setImmediate(() => (macrotaskRan = true));
  await priority.giveWay();
  return macrotaskRan;
}

describe('request priority: background work gives way to requests', () => {
  let server: Server;
  let priority: RequestPriority;
  let held: ServerResponse[];
  let port: number;

  beforeEach(async () => {
    held = [];
    server = createServer((_request, response) => void held.push(response));
    priority = requestPriority(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Sends a GET the server holds unanswered until the test answers it; resolves once the server has it. */
  async function requestInFlight(): Promise<{ abort(): void }> {
    const client = request({ port, host: '127.0.0.1', path: '/' });
    client.on('error', () => undefined);
    client.end();
    const before = held.length;
    while (held.length === before) await new Promise((resolve) => setTimeout(resolve, 5));
    return { abort: () => client.destroy() };
  }

  async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  it('pauses while a request waits and the event loop was busy, and not once it is answered', async () => {
    await requestInFlight();
    expect(priority.inFlight()).toBe(1);
    await priority.giveWay();
    busyFor(60);
    expect(await paused(priority)).toBe(true);

    held[0]!.end('ok');
    await until(() => priority.inFlight() === 0);
    expect(priority.inFlight()).toBe(0);
    busyFor(60);
    expect(await paused(priority)).toBe(false);
  });

  it('does not pause for a request in flight when the event loop was idle (waiting for the database, say)', async () => {
    await requestInFlight();
    await priority.giveWay();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await paused(priority)).toBe(false);
  });

  it('stops counting a request whose client went away before the answer', async () => {
    const client = await requestInFlight();
    expect(priority.inFlight()).toBe(1);
    client.abort();
    await until(() => priority.inFlight() === 0);
    expect(priority.inFlight()).toBe(0);
  });
});

import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Above this share of its time spent working (rather than waiting), the process counts as busy.
 * An idle site sits near 0; a site answering requests as fast as it can, near 1.
 */
export const BUSY_UTILISATION = 0.8;
/** How long background work waits, between two of its jobs, while people wait for answers. */
export const PAUSE_WHILE_BUSY_MS = 50;

/**
 * People first, background work after. Node runs every request and every background job on one
 * thread, in turn: under a burst of bookings, delivering their mails at full speed would slow the
 * answers the customers are waiting for, while a mail that leaves a few seconds later changes
 * nothing for them. `giveWay()`, called by the jobs worker before each job, pauses for a moment
 * when requests are in flight and the event loop was busy since the last call; otherwise it
 * returns at once, so a quiet site, or one with no request in flight, runs its jobs at full speed.
 * Under sustained load, jobs still run, one per pause at least: nothing waits for ever.
 */
export interface RequestPriority {
  giveWay(): Promise<void>;
  /** Requests received and not yet answered (or abandoned). */
  inFlight(): number;
}

export function requestPriority(server: Server): RequestPriority {
  let inFlight = 0;
  server.on('request', (_request, response) => {
    inFlight++;
    // 'close' follows the end of the answer, and a connection dropped before it, alike.
    response.once('close', () => inFlight--);
  });
  let mark = performance.eventLoopUtilization();
  return {
    inFlight: () => inFlight,
    async giveWay() {
      const busy = performance.eventLoopUtilization(mark).utilization > BUSY_UTILISATION;
      if (busy && inFlight > 0) await new Promise((resolve) => setTimeout(resolve, PAUSE_WHILE_BUSY_MS));
      // The next call judges what the event loop did from now on: the job about to run, and the requests served meanwhile.
      mark = performance.eventLoopUtilization();
    },
  };
}

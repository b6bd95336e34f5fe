/**
 * Runs `task` every `intervalMs`, at once when woken, and again without waiting while
 * it reports a full batch. stop() waits for the run in progress, so a shutdown never
 * abandons a half-done delivery.
 */
export interface Poller {
  wake(): void;
  stop(): Promise<void>;
}

export function startPoller(options: {
  intervalMs: number;
  /** Returns true when there may be more work right away. */
  task: () => Promise<boolean>;
  onError: (error: unknown) => void;
}): Poller {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let wokenWhileRunning = false;

  const schedule = (delay: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, delay);
    timer.unref();
  };

  function run(): void {
    if (stopped) return;
    if (running) {
      wokenWhileRunning = true;
      return;
    }
    running = (async () => {
      let more = false;
      try {
        more = await options.task();
      } catch (error) {
        options.onError(error);
      }
      running = undefined;
      const again = more || wokenWhileRunning;
      wokenWhileRunning = false;
      schedule(again ? 0 : options.intervalMs);
    })();
  }

  schedule(0);
  return {
    wake: () => schedule(0),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

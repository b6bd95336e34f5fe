import type { Clock } from '../clock.js';

/**
 * Public pages that every visitor sees the same — the home page, the list of services, a
 * service's days and free slots — are rendered once and served from memory until the data
 * under them changes in this process, and for `ttlMs` at most, so that a change made by
 * another instance (several servers on one PostgreSQL database) shows within seconds.
 * Showing a slot that was taken a second ago is harmless: the details form and the booking
 * itself check the agenda live. Pages with personal data or per-visitor content (forms with
 * their idempotency key, a customer's booking, the back office) never go through here.
 */
export interface PageCache {
  /** The page for `key`, rendered by `render` when it is missing, stale, or the data changed. */
  remember(key: string, render: () => Promise<string>): Promise<string>;
  /** The data under the cached pages changed: render them again. */
  invalidate(): void;
}

const MAX_ENTRIES = 500;

export function createPageCache({ ttlMs, clock }: { ttlMs: number; clock: Clock }): PageCache {
  const entries = new Map<string, { html: string; generation: number; renderedAt: number }>();
  let generation = 0;
  return {
    async remember(key, render) {
      if (ttlMs <= 0) return render();
      const now = clock.now().getTime();
      const hit = entries.get(key);
      // A clock that went back (tests move it) makes a copy "from the future": render again.
      if (hit && hit.generation === generation && now >= hit.renderedAt && now < hit.renderedAt + ttlMs) return hit.html;
      const renderedFor = generation;
      const html = await render();
      // A change during the render makes this copy stale already: serve it, do not keep it.
      if (renderedFor === generation) {
        entries.delete(key);
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
        entries.set(key, { html, generation, renderedAt: now });
      }
      return html;
    },
    invalidate() {
      generation++;
      entries.clear();
    },
  };
}

import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, customer, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { workshopAtOpenHours } from '../../../test/support/sessions.js';
import { createCatalogService } from '../catalog/index.js';
import { createAgendaService } from './agenda.service.js';

/** Counts the statements sent to the database. */
class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describeEachDialect('agenda queries', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await workshopAtOpenHours(t);
  });
  afterAll(() => t?.close());

  /** The statements a week of the agenda, the dashboard's list and the feed each cost. */
  async function cost(): Promise<{ week: number; upcoming: number; feed: number; bookings: number }> {
    const counter = new QueryCounter();
    const database = { ...t.db.database, db: t.db.database.db.withPlugin(counter) };
    const catalog = createCatalogService({ database, clock: t.clock, timezone: t.services.settings.snapshot().timezone });
    const agenda = createAgendaService({ database, clock: t.clock, catalog, business: t.services.settings.snapshot, secretKey: t.config.secretKey, baseUrl: t.config.baseUrl });
    const token = new URL(await agenda.feedUrl()).pathname.split('/')[2]!;
    counter.count = 0;
    const grid = await agenda.grid(agenda.daysOf('2026-12-02', 'semaine'));
    const week = counter.count;
    counter.count = 0;
    await agenda.upcoming(10);
    const upcoming = counter.count;
    counter.count = 0;
    await agenda.feed(token);
    const feed = counter.count;
    return { week, upcoming, feed, bookings: grid.days.reduce((n, d) => n + d.groups.reduce((m, g) => m + g.entries.length, 0), 0) };
  }

  it('reads a week, the next bookings and the feed in a constant number of queries, whatever the number of bookings', async () => {
    const empty = await cost();
    expect(empty.bookings).toBe(0);
    const slots = (await t.app.inject('/api/v1/services/atelier-numerique/slots?from=2026-11-30&to=2026-12-06')).json() as { start: string }[];
    let made = 0;
    for (const slot of slots.slice(0, 8)) {
      for (let i = 0; i < 6; i++) {
        await t.services.booking.bookSlot(
          { service: 'atelier-numerique', start: slot.start, customer: customer({ email: `p${made}@example.fr` }) },
          { locale: 'fr', source: 'api', requireTermsAcceptance: false },
        );
        made++;
      }
    }
    const full = await cost();
    expect(full.bookings).toBe(made);
    expect(made).toBeGreaterThanOrEqual(24);
    expect(full).toEqual({ ...empty, bookings: made });
    expect(full.week).toBeLessThanOrEqual(5);
    expect(full.feed).toBeLessThanOrEqual(5);
  });
});

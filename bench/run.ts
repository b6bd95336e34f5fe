/**
 * npm run bench — measures, side by side in one run, on this machine:
 *  1. the home and service pages against the same bytes served by a bare node:http server;
 *  2. the free slots of 90 days for a service with 2,000 existing bookings;
 *  3. bookings per second through POST /api/v1/bookings on SQLite (and PostgreSQL when
 *     BENCH_DATABASE_URL is set), against a bare node:http server answering the same JSON.
 * Servers run as child processes; the load comes from autocannon in this process.
 * Results are printed and written to BENCHMARKS.md.
 * BENCH_SECONDS (default 10) sets the length of each HTTP measurement.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import { DateTime } from 'luxon';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createBookingService, type BookingService } from '../src/modules/booking/index.js';
import { createCatalogService, type CatalogService } from '../src/modules/catalog/index.js';
import { toOffsetIso } from '../src/modules/booking/availability.js';
import { createOutboxService } from '../src/modules/outbox/index.js';
import { defaultBusinessProfile } from '../src/platform/business.js';
import { ManualClock } from '../src/platform/clock.js';
import { createMailTransport } from '../src/platform/mail/transport.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 10;
const zone = 'Europe/Paris';
const secret = 'bench-secret-key-0123456789abcdef0123456789abcdef';

// ── helpers ───────────────────────────────────────────────────────────────────

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

function startApp(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', BOOKING_RATE_LIMIT: '0', SECRET_KEY: secret, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** A bare node:http server: GET paths answer fixed bytes; POST answers a fixed 201 JSON after reading and parsing the body. */
function startBareServer(port: number, pages: Record<string, { body: string; contentType: string }>, postBody: string): ChildProcess {
  const script = `
    const http = require('node:http');
    const pages = ${JSON.stringify(pages)};
    const postBody = ${JSON.stringify(postBody)};
    http.createServer((req, res) => {
      if (req.method === 'POST') {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => { JSON.parse(Buffer.concat(chunks).toString()); res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' }); res.end(postBody); });
        return;
      }
      if (req.url === '/healthz') { res.end('ok'); return; }
      const page = pages[req.url];
      if (!page) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'content-type': page.contentType });
      res.end(page.body);
    }).listen(${port}, '127.0.0.1');`;
  return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
}

interface LoadResult {
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  non2xx: number;
  errors: number;
}

async function load(options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon({ connections, duration: seconds, ...options });
  return {
    requestsPerSecond: result.requests.average,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

// ── the bench service: every day 00:00–24:00, 5-minute slots, so bookings never run out ──

async function prepareBookingDatabase(database: Database): Promise<void> {
  await migrateToLatest(database);
  const clock = new ManualClock(new Date());
  const catalog = createCatalogService({ database, clock, timezone: zone });
  await catalog.createService({
    slug: 'bench',
    nameFr: 'Banc d’essai',
    nameEn: 'Bench',
    descriptionFr: 'Prestation de mesure.',
    descriptionEn: 'Measurement service.',
    durationMinutes: 5,
    price: 1000,
    vatRate: 2000,
    capacity: 1,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 0,
    horizonDays: 730,
    slotStepMinutes: 5,
    requiredFields: ['lastName', 'firstName', 'country', 'phone'],
    withdrawalPolicy: 'applies',
    active: true,
    position: 99,
  });
  await catalog.replaceOpeningHours([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt: '00:00', closesAt: '24:00' })));
}

function bookingStarts(count: number): string[] {
  const first = DateTime.now().setZone(zone).plus({ days: 2 }).startOf('day').toMillis();
  return Array.from({ length: count }, (_, i) => toOffsetIso(first + i * 5 * 60_000, zone));
}

function bookingBody(start: string, i: number): string {
  return JSON.stringify({
    service: 'bench',
    start,
    customer: { lastName: 'Martin', firstName: 'Claire', country: 'FR', email: `client${i}@example.fr`, phone: '06 12 34 56 78' },
    requestEarlyPerformance: true,
  });
}

async function bookingsPerSecond(baseUrl: string): Promise<LoadResult & { created: number }> {
  const starts = bookingStarts(seconds * 5000);
  let next = 0;
  let created = 0;
  const result = await load({
    url: `${baseUrl}/api/v1/bookings`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const i = next++;
          return { ...request, body: bookingBody(starts[i % starts.length]!, i) };
        },
        onResponse: (status) => {
          if (status === 201) created++;
        },
      },
    ],
  });
  return { ...result, created };
}

// ── 1. pages against a bare server ────────────────────────────────────────────

async function measurePages(appUrl: string, uncachedUrl: string, barePort: number, bare: (pages: Record<string, { body: string; contentType: string }>) => ChildProcess) {
  const pages: Record<string, { body: string; contentType: string }> = {};
  const paths = { '/': '/', '/service': '/services/diagnostic-informatique' };
  for (const [key, url] of Object.entries(paths)) {
    // The bare server gets the identity bytes; autocannon sends no Accept-Encoding, so both sides
    // answer uncompressed and the ratio compares the same work (compression is for browsers).
    const response = await fetch(`${appUrl}${url}`, { headers: { 'accept-encoding': 'identity' } });
    pages[key] = { body: await response.text(), contentType: response.headers.get('content-type') ?? 'text/html' };
  }
  const bareServer = bare(pages);
  const bareUrl = `http://127.0.0.1:${barePort}`;
  await waitFor(`${bareUrl}/healthz`, bareServer);
  const rows = [];
  for (const [key, url] of Object.entries(paths)) {
    const app = await load({ url: `${appUrl}${url}` });
    const uncached = await load({ url: `${uncachedUrl}${url}` });
    const baseline = await load({ url: `${bareUrl}${key}` });
    rows.push({ page: url, bytes: Buffer.byteLength(pages[key]!.body), app, uncached, baseline, ratio: app.requestsPerSecond / baseline.requestsPerSecond });
  }
  await kill(bareServer);
  return { rows, pages };
}

// ── 2. slots of 90 days with 2,000 bookings ───────────────────────────────────

async function measureSlots() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wservices-bench-slots-'));
  let queries = 0;
  const database = openDatabase({ databaseUrl: undefined, dataDir, onQuery: () => queries++ });
  await migrateToLatest(database);
  const now = DateTime.now().setZone(zone).startOf('day');
  const clock = new ManualClock(now.toJSDate());
  const catalog = createCatalogService({ database, clock, timezone: zone });
  const service = await catalog.createService({
    slug: 'group',
    nameFr: 'Groupe',
    nameEn: 'Group',
    descriptionFr: '…',
    descriptionEn: '…',
    durationMinutes: 30,
    price: 1000,
    vatRate: 2000,
    capacity: 4,
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 5,
    minNoticeMinutes: 0,
    horizonDays: 120,
    slotStepMinutes: 15,
    requiredFields: [],
    withdrawalPolicy: 'applies',
    active: true,
    position: 1,
  });
  await catalog.replaceOpeningHours([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '20:00' })));
  const booking = createBooking(database, clock, catalog);

  // 2,000 bookings on 4-place slots spread over the 90 days.
  const slots = await booking.slotsOf(service, now.toISODate()!, now.plus({ days: 89 }).toISODate()!);
  let made = 0;
  for (let i = 0; made < 2000 && i < slots.length * 4; i++) {
    const slot = slots[(i * 7919) % slots.length]!;
    try {
      await booking.bookSlot(
        { service: 'group', start: toOffsetIso(slot.start, zone), customer: { email: `c${i}@example.fr` }, requestEarlyPerformance: true },
        { locale: 'fr', source: 'api', requireTermsAcceptance: false },
      );
      made++;
    } catch {
      // a full or blocked slot: try another
    }
  }

  const from = now.toISODate()!;
  const to = now.plus({ days: 89 }).toISODate()!;
  const runs = 200;
  const timings: number[] = [];
  const readOnly: number[] = [];
  queries = 0;
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    count = (await booking.listSlots('group', { from, to }, 'fr')).length;
    timings.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const queriesPerCall = queries / runs;
  // Baseline: the same four reads with no computation at all.
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await Promise.all([
      catalog.serviceBySlug('group'),
      catalog.openingHours(),
      catalog.closuresBetween(new Date(now.toMillis()).toISOString(), now.plus({ days: 90 }).toJSDate().toISOString()),
      database.db.selectFrom('bookings').select(['service_id', 'start_at', 'blocked_from', 'blocked_until']).where('status', '=', 'confirmed').execute(),
    ]);
    readOnly.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  timings.sort((a, b) => a - b);
  readOnly.sort((a, b) => a - b);
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
  return {
    bookings: made,
    slotsReturned: count,
    queriesPerCall,
    median: percentile(timings, 50),
    p95: percentile(timings, 95),
    baselineMedian: percentile(readOnly, 50),
  };
}

function createBooking(database: Database, clock: ManualClock, catalog: CatalogService): BookingService {
  const outbox = createOutboxService({
    database,
    clock,
    transport: createMailTransport({ smtpUrl: undefined, dataDir: os.tmpdir() }),
    from: 'bench <bench@example.fr>',
    messageIdDomain: 'localhost',
    log: { info() {}, warn() {}, error() {} } as never,
    pollIntervalMs: 60_000,
  });
  return createBookingService({
    database,
    clock,
    catalog,
    outbox,
    business: defaultBusinessProfile,
    secretKey: secret,
    baseUrl: 'http://localhost:3000',
    termsVersion: () => 'bench',
    privacyNoticeVersion: () => 'bench',
  });
}

// ── run ───────────────────────────────────────────────────────────────────────

function machine(): string[] {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const sqlite = new BetterSqlite3(':memory:').prepare('select sqlite_version() as v').get() as { v: string };
  return [
    `${cpu}, ${os.cpus().length} logical cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}`,
    `Node.js ${process.version}, SQLite ${sqlite.v} (better-sqlite3, WAL, synchronous=FULL)`,
  ];
}

async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('show server_version');
  await client.end();
  return rows[0]!.server_version;
}

async function main(): Promise<void> {
  const started = new Date();
  process.stdout.write(`Benchmarks, ${seconds} s per HTTP measurement, ${connections} connections.\n`);

  // Pages: a fresh installation, as `npm start` makes it (demo catalog and opening hours).
  const pagesDir = mkdtempSync(path.join(os.tmpdir(), 'wservices-bench-pages-'));
  const barePort = await freePort();
  const pagesPort = await freePort();
  const pagesApp = startApp({ PORT: String(pagesPort), DATA_DIR: pagesDir, BASE_URL: `http://127.0.0.1:${pagesPort}` });
  const samplePost = JSON.stringify({ reference: 'ABCDE-FGHJK', status: 'confirmed', service: 'bench', start: '2026-12-01T09:00:00+01:00', end: '2026-12-01T09:05:00+01:00', manageUrl: `http://127.0.0.1:${pagesPort}/reservation/ABCDE-FGHJK/${'x'.repeat(32)}` });
  // The same pages rendered on every request (PAGE_CACHE_MS=0), for comparison.
  const uncachedPort = await freePort();
  let uncachedApp: ChildProcess | undefined;
  let pageResults: Awaited<ReturnType<typeof measurePages>>;
  try {
    await waitFor(`http://127.0.0.1:${pagesPort}/healthz`, pagesApp);
    uncachedApp = startApp({ PORT: String(uncachedPort), DATA_DIR: pagesDir, BASE_URL: `http://127.0.0.1:${pagesPort}`, PAGE_CACHE_MS: '0' });
    await waitFor(`http://127.0.0.1:${uncachedPort}/healthz`, uncachedApp);
    pageResults = await measurePages(`http://127.0.0.1:${pagesPort}`, `http://127.0.0.1:${uncachedPort}`, barePort, (pages) => startBareServer(barePort, pages, samplePost));
  } finally {
    await kill(pagesApp);
    if (uncachedApp) await kill(uncachedApp);
    rmSync(pagesDir, { recursive: true, force: true });
  }

  // Bookings: the bench service open day and night, so that every request finds a free slot.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wservices-bench-'));
  const prepared = openDatabase({ databaseUrl: undefined, dataDir });
  await prepareBookingDatabase(prepared);
  await prepared.close();
  const appPort = await freePort();
  const app = startApp({ PORT: String(appPort), DATA_DIR: dataDir, BASE_URL: `http://127.0.0.1:${appPort}` });
  const appUrl = `http://127.0.0.1:${appPort}`;
  await waitFor(`${appUrl}/healthz`, app);

  process.stdout.write('Pages measured. Slots…\n');
  const slots = await measureSlots();

  process.stdout.write('Bookings on SQLite…\n');
  const sqliteBookings = await bookingsPerSecond(appUrl);
  await kill(app);
  const bare = startBareServer(barePort, pageResults.pages, samplePost);
  await waitFor(`http://127.0.0.1:${barePort}/healthz`, bare);
  const bareBookings = await bookingsPerSecond(`http://127.0.0.1:${barePort}`);
  await kill(bare);
  rmSync(dataDir, { recursive: true, force: true });

  // PostgreSQL, when a server is given: a throwaway database.
  let postgres: { version: string; result: LoadResult & { created: number } } | undefined;
  const pgUrl = process.env.BENCH_DATABASE_URL;
  if (pgUrl) {
    process.stdout.write('Bookings on PostgreSQL…\n');
    const name = `wservices_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    const pgDataDir = mkdtempSync(path.join(os.tmpdir(), 'wservices-bench-pg-'));
    const pgPrepared = openDatabase({ databaseUrl: url.toString(), dataDir: pgDataDir });
    await prepareBookingDatabase(pgPrepared);
    await pgPrepared.close();
    const pgPort = await freePort();
    const pgApp = startApp({ PORT: String(pgPort), DATA_DIR: pgDataDir, DATABASE_URL: url.toString(), BASE_URL: `http://127.0.0.1:${pgPort}` });
    await waitFor(`http://127.0.0.1:${pgPort}/healthz`, pgApp);
    postgres = { version: await postgresVersion(pgUrl), result: await bookingsPerSecond(`http://127.0.0.1:${pgPort}`) };
    await kill(pgApp);
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
    rmSync(pgDataDir, { recursive: true, force: true });
  }

  const report = renderReport({ started, pages: pageResults.rows, slots, sqliteBookings, bareBookings, postgres });
  writeFileSync(path.join(root, 'BENCHMARKS.md'), report);
  process.stdout.write(`\n${report}`);
}

function renderReport(r: {
  started: Date;
  pages: { page: string; bytes: number; app: LoadResult; uncached: LoadResult; baseline: LoadResult; ratio: number }[];
  slots: Awaited<ReturnType<typeof measureSlots>>;
  sqliteBookings: LoadResult & { created: number };
  bareBookings: LoadResult & { created: number };
  postgres: { version: string; result: LoadResult & { created: number } } | undefined;
}): string {
  const n = (x: number, digits = 0) => x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const ok = (pass: boolean) => (pass ? 'met' : '**NOT met**');
  const pageRows = r.pages.map(
    (p) =>
      `| \`${p.page}\` | ${n(p.bytes)} | ${n(p.app.requestsPerSecond)} | ${n(p.baseline.requestsPerSecond)} | **${n(p.ratio, 2)}** | ≥ 0.30: ${ok(p.ratio >= 0.3)} | ${p.app.latencyP50} / ${p.app.latencyP99} ms | ${n(p.uncached.requestsPerSecond)} (${n(p.uncached.requestsPerSecond / p.baseline.requestsPerSecond, 2)}) |`,
  );
  const sqliteRate = r.sqliteBookings.created / seconds;
  const lines = [
    '# Benchmarks',
    '',
    `Measured by \`npm run bench\` on ${r.started.toISOString().slice(0, 10)}; every figure below comes from one run, the baselines included.`,
    'Re-run it after any change to the booking path, the pages or the database layer, and commit this file.',
    '',
    '## Machine',
    '',
    ...machine().map((m) => `- ${m}`),
    `- Load: autocannon in the benchmark process, ${connections} connections, ${seconds} s per measurement; servers in child processes on loopback; request logging at \`warn\`.`,
    '- This is a shared 2-core virtual machine: the load generator and the server compete for the same cores, so absolute figures are low and noisy; the ratios are the comparable part.',
    '',
    '## Pages against a bare node:http server',
    '',
    'The application as it runs by default: these public pages are kept in memory for up to `PAGE_CACHE_MS` (2 s) and rendered again at once when a booking or a catalog change goes through the instance (src/platform/http/page-cache.ts). The service page computes 14 days of free slots from the database when it renders. The baseline is a bare `node:http` server sending the same bytes with the same content type. The last column is the same application with the cache turned off (`PAGE_CACHE_MS=0`), rendering on every request, and its ratio.',
    '',
    '| Page | Bytes | App req/s | Bare req/s | Ratio | Target | App p50 / p99 | Rendered every time: req/s (ratio) |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- | ---: |',
    ...pageRows,
    '',
    '## Free slots of 90 days, 2,000 existing bookings',
    '',
    `A 30-minute service with 4 places, 15-minute steps, buffers of 5 minutes, open 08:00–20:00 every day; ${n(r.slots.bookings)} bookings spread over the 90 days. \`listSlots\` (the API's code path: four queries, the computation, ISO formatting) called 200 times on SQLite.`,
    '',
    '| Measure | Value | Target |',
    '| --- | ---: | --- |',
    `| Median time for 90 days | **${n(r.slots.median, 2)} ms** | < 20 ms: ${ok(r.slots.median < 20)} |`,
    `| 95th percentile | ${n(r.slots.p95, 2)} ms | |`,
    `| Baseline: the same four reads, no computation (median) | ${n(r.slots.baselineMedian, 2)} ms | |`,
    `| Ratio to the baseline | ${n(r.slots.median / r.slots.baselineMedian, 2)} | |`,
    `| Queries per call | ${n(r.slots.queriesPerCall, 1)} | constant whatever the range |`,
    `| Free slots returned | ${n(r.slots.slotsReturned)} | |`,
    '',
    '## Bookings per second',
    '',
    'POST /api/v1/bookings with a different free slot each time (a 5-minute service open day and night), through validation, the serialised capacity check, the insert and the two queued mails, each committed with a disk sync. The baseline is a bare `node:http` server reading and parsing the same JSON body and answering a 201 of the same size.',
    '',
    '| Server | Bookings/s (201) | Other answers | p50 / p99 | Ratio to bare | Target |',
    '| --- | ---: | ---: | --- | ---: | --- |',
    `| Application, SQLite | **${n(sqliteRate)}** | ${n(r.sqliteBookings.non2xx + r.sqliteBookings.errors)} | ${r.sqliteBookings.latencyP50} / ${r.sqliteBookings.latencyP99} ms | ${n(sqliteRate / (r.bareBookings.created / seconds), 3)} | ≥ 500/s: ${ok(sqliteRate >= 500)} |`,
    ...(r.postgres
      ? [
          `| Application, PostgreSQL ${r.postgres.version} | ${n(r.postgres.result.created / seconds)} | ${n(r.postgres.result.non2xx + r.postgres.result.errors)} | ${r.postgres.result.latencyP50} / ${r.postgres.result.latencyP99} ms | ${n(r.postgres.result.created / seconds / (r.bareBookings.created / seconds), 3)} | |`,
        ]
      : ['| Application, PostgreSQL | not measured (set BENCH_DATABASE_URL) | | | | |']),
    `| Bare node:http | ${n(r.bareBookings.created / seconds)} | ${n(r.bareBookings.non2xx + r.bareBookings.errors)} | ${r.bareBookings.latencyP50} / ${r.bareBookings.latencyP99} ms | 1 | |`,
    '',
    '## Reading these figures',
    '',
    '- A booking is CPU-bound on SQLite: validation, two rendered mails with a calendar file, five inserts, and a share of one disk sync per group commit (src/db/transaction.ts). Runs on this machine vary by about ±15 %.',
    '- PostgreSQL runs each booking in its own SERIALIZABLE transaction and retries on conflicts; bookings made one after the other in time touch neighbouring index pages, so retries are frequent under this load. It is there for several instances sharing one database, not for one instance\'s peak rate.',
    '- Pages rendered on every request reach about a tenth of the bare server; the cache is what makes them cheap, and it is the default.',
    '',
  ];
  return `${lines.join('\n')}\n`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);


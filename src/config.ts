import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { businessCheckTexts, businessFileSchema, defaultBusinessProfile, type BusinessProfile } from './platform/business.js';

/**
 * The only reader of process.env. Every variable is validated here, at start, and
 * each bad value becomes one line naming the variable and what it expects.
 * docs/configuration.md documents every variable below; keep the two together.
 */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  readonly smtpUrl: string | undefined;
  /** MAIL_FROM when set; unset, mails come from the business's current name and e-mail (the settings). */
  readonly mailFrom: string | undefined;
  /** Undefined until resolveSecretKey() has read or generated it. */
  readonly secretKey: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly trustProxy: boolean | number | string;
  readonly bookingRateLimitPerMinute: number;
  /** Public bookings (form and API) accepted per e-mail address in a rolling hour; 0 turns the limit off. */
  readonly bookingsPerEmailPerHour: number;
  /** Requests to the slots API accepted per client address and minute; 0 turns the limit off. */
  readonly slotsRateLimitPerMinute: number;
  /** How often each instance looks for due jobs (mail, reminders, session decisions, retention). */
  readonly jobsPollMs: number;
  /** How often each instance looks for group sessions whose decision time has come. */
  readonly sessionCheckMs: number;
  /** How long a public page may be served from memory before it is rendered again; 0 turns the cache off. */
  readonly pageCacheMs: number;
  /** Webhooks may be sent to loopback and private addresses (development and tests only). */
  readonly webhooksAllowPrivate: boolean;
  /**
   * The profile BUSINESS_FILE describes (or the defaults): it seeds the database on the first start
   * only. The profile in force is the settings module's (app.business.current()), which the owner edits.
   */
  readonly businessSeed: BusinessProfile;
  /** BUSINESS_FILE as given, when set (named in the start-up log when it seeds the database). */
  readonly businessSeedFile: string | undefined;
  /** Stripe, when STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are both set (one without the other is refused). */
  readonly stripe: { readonly secretKey: string; readonly webhookSecret: string; readonly apiBase: string } | undefined;
  /**
   * How long a booking waiting for its online payment holds its place, in minutes. Stripe's
   * Checkout Session lives at least 30 minutes: a shorter window still releases the place on
   * time, and the session is expired at Stripe then (a late payment is recorded and flagged).
   */
  readonly paymentWindowMinutes: number;
  /** PayPal (Orders v2) when PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET and PAYPAL_WEBHOOK_ID are all set; undefined turns it off. */
  readonly paypal: PayPalSettings | undefined;
}

export interface PayPalSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly webhookId: string;
  /** PAYPAL_API_BASE without a trailing slash: https://api-m.paypal.com (live) by default. */
  readonly apiBase: string;
}

export const paypalLiveApiBase = 'https://api-m.paypal.com';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * PostgreSQL connections per instance, unless DATABASE_POOL_SIZE says: twice the processor cores
 * plus one (5 on a 2-core machine), at most 10. More connections than the cores can serve only
 * make the database's processes queue for them: on a 2-core machine, 200 simultaneous bookings
 * were all answered in about 0.75 s with 5 connections per instance, and only after about 1 s with
 * 10 (BENCHMARKS.md), for the same bookings per second.
 */
function defaultPoolSize(): number {
  return Math.min(10, 2 * os.availableParallelism() + 1);
}
const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `a whole number between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `a whole number between ${min} and ${max}`).max(max, `a whole number between ${min} and ${max}`));

const variables = {
  PORT: integer(1, 65535).default(3000),
  HOST: z.string().min(1, 'a host name or IP address to listen on, e.g. localhost or 0.0.0.0').default('localhost'),
  BASE_URL: z
    .string()
    .refine((value) => /^https?:\/\/\S+$/.test(value) && isParsableUrl(value), 'an absolute http(s) URL such as https://www.example.com')
    .refine((value) => !isParsableUrl(value) || (!new URL(value).search && !new URL(value).hash), 'a URL without ?query or #fragment')
    .optional(),
  DATA_DIR: z.string().min(1, 'a directory path').default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'a postgres:// URL; leave it unset to use SQLite in DATA_DIR')
    .refine(isParsableUrl, 'a postgres:// URL such as postgres://user:password@localhost:5432/wservices')
    .optional(),
  DATABASE_POOL_SIZE: integer(1, 100).default(defaultPoolSize()),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587')
    .refine(isParsableUrl, 'an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587')
    .optional(),
  MAIL_FROM: z.string().min(3, 'a sender such as "W Services <contact@example.com>"').optional(),
  SECRET_KEY: z.string().min(32, 'at least 32 characters of random text (e.g. `openssl rand -hex 32`)').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: 'one of fatal, error, warn, info, debug, trace, silent',
  }).default('info'),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d+|[\d.:a-fA-F/, ]+)$/, 'true, false, a hop count, or a comma-separated list of proxy IPs/CIDRs')
    .optional(),
  BOOKING_RATE_LIMIT: integer(0, 100000).default(30),
  BOOKINGS_PER_EMAIL_PER_HOUR: integer(0, 10000).default(5),
  SLOTS_RATE_LIMIT: integer(0, 100000).default(120),
  JOBS_POLL_MS: integer(50, 600000).default(2000),
  SESSION_CHECK_MS: integer(200, 3600000).default(60000),
  PAGE_CACHE_MS: integer(0, 60000).default(2000),
  WEBHOOKS_ALLOW_PRIVATE: z.enum(['true', 'false'], { error: 'true or false' }).default('false'),
  BUSINESS_FILE: z.string().min(1, 'the path of a JSON file describing the business').optional(),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk_test_|sk_live_|rk_test_|rk_live_)[A-Za-z0-9_]{8,}$/, 'a Stripe secret key starting with sk_test_, sk_live_ or rk_ (Dashboard → Developers → API keys; never the publishable pk_ key)')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/=_]{8,}$/, 'the signing secret of the webhook endpoint, starting with whsec_ (Dashboard → Developers → Webhooks)').optional(),
  STRIPE_API_BASE: z
    .string()
    .refine((value) => /^https?:\/\/[^/\s]+\/?$/.test(value) && isParsableUrl(value), 'an http(s) origin without a path, such as https://api.stripe.com')
    .default('https://api.stripe.com'),
  PAYMENT_WINDOW_MINUTES: integer(5, 1440).default(30),
  PAYPAL_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,128}$/, "the REST app's client ID from PayPal's developer dashboard (letters, digits, - and _)")
    .optional(),
  PAYPAL_CLIENT_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,128}$/, "the REST app's secret from PayPal's developer dashboard (letters, digits, - and _)")
    .optional(),
  PAYPAL_WEBHOOK_ID: z
    .string()
    .regex(/^[A-Za-z0-9]{1,50}$/, "the ID PayPal gave the webhook pointing at BASE_URL/webhooks/paypal (letters and digits, e.g. 1JE4291016473214C)")
    .optional(),
  PAYPAL_API_BASE: z
    .string()
    .refine(isProviderApiBase, `${paypalLiveApiBase} (live), https://api-m.sandbox.paypal.com (sandbox), or another https:// URL without path, query or fragment (http:// only for 127.0.0.1 or localhost)`)
    .default(paypalLiveApiBase),
};

/** The three PayPal credentials turn PayPal on together: one alone would fail at the first payment instead of at start. */
const paypalCredentials = ['PAYPAL_CLIENT_ID', 'PAYPAL_CLIENT_SECRET', 'PAYPAL_WEBHOOK_ID'] as const;

function paypalCredentialProblems(known: Env): string[] {
  const set = paypalCredentials.filter((name) => known[name] !== undefined);
  if (set.length === 0 || set.length === paypalCredentials.length) return [];
  return paypalCredentials
    .filter((name) => known[name] === undefined)
    .map((name) => `${name}: expected to be set, since ${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'}: PayPal needs ${paypalCredentials.join(', ')} together (or none of them, to turn PayPal off)`);
}

const envSchema = z.object(variables);

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const known = pickKnown(env);
  const parsed = envSchema.safeParse(known);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        // A secret is never echoed back into a log line.
        const got = ['PAYPAL_CLIENT_SECRET', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'].includes(name) ? 'a value' : JSON.stringify(env[name]);
        return `${name}: expected ${issue.message} (got ${got})`;
      });
  problems.push(...paypalCredentialProblems(known));
  // The business file is read even when a variable is wrong, so that one start reports every problem.
  let business: BusinessProfile | undefined;
  try {
    business = loadBusinessProfile(known.BUSINESS_FILE, cwd);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (parsed.success) problems.push(...pairedProblems(parsed.data));
  if (!parsed.success || !business || problems.length) throw new ConfigError(problems);
  const v = parsed.data;
  const baseUrl = (v.BASE_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    port: v.PORT,
    host: v.HOST,
    baseUrl,
    dataDir: path.resolve(cwd, v.DATA_DIR),
    databaseUrl: v.DATABASE_URL,
    databasePoolSize: v.DATABASE_POOL_SIZE,
    smtpUrl: v.SMTP_URL,
    mailFrom: v.MAIL_FROM,
    secretKey: v.SECRET_KEY,
    logLevel: v.LOG_LEVEL,
    trustProxy: parseTrustProxy(v.TRUST_PROXY),
    bookingRateLimitPerMinute: v.BOOKING_RATE_LIMIT,
    bookingsPerEmailPerHour: v.BOOKINGS_PER_EMAIL_PER_HOUR,
    slotsRateLimitPerMinute: v.SLOTS_RATE_LIMIT,
    jobsPollMs: v.JOBS_POLL_MS,
    sessionCheckMs: v.SESSION_CHECK_MS,
    pageCacheMs: v.PAGE_CACHE_MS,
    webhooksAllowPrivate: v.WEBHOOKS_ALLOW_PRIVATE === 'true',
    businessSeed: business,
    businessSeedFile: known.BUSINESS_FILE,
    stripe: v.STRIPE_SECRET_KEY && v.STRIPE_WEBHOOK_SECRET ? { secretKey: v.STRIPE_SECRET_KEY, webhookSecret: v.STRIPE_WEBHOOK_SECRET, apiBase: v.STRIPE_API_BASE.replace(/\/+$/, '') } : undefined,
    paymentWindowMinutes: v.PAYMENT_WINDOW_MINUTES,
    paypal:
      v.PAYPAL_CLIENT_ID && v.PAYPAL_CLIENT_SECRET && v.PAYPAL_WEBHOOK_ID
        ? Object.freeze({
            clientId: v.PAYPAL_CLIENT_ID,
            clientSecret: v.PAYPAL_CLIENT_SECRET,
            webhookId: v.PAYPAL_WEBHOOK_ID,
            apiBase: v.PAYPAL_API_BASE.replace(/\/+$/, ''),
          })
        : undefined,
  });
}

/** A provider turned half on would take payments it can never confirm (or the reverse): both keys or neither. */
function pairedProblems(v: z.output<typeof envSchema>): string[] {
  const problems: string[] = [];
  if (v.STRIPE_SECRET_KEY && !v.STRIPE_WEBHOOK_SECRET) problems.push('STRIPE_WEBHOOK_SECRET: expected the webhook signing secret (whsec_…) as well, since STRIPE_SECRET_KEY is set: without it no payment could be confirmed');
  if (v.STRIPE_WEBHOOK_SECRET && !v.STRIPE_SECRET_KEY) problems.push('STRIPE_SECRET_KEY: expected the secret key (sk_…) as well, since STRIPE_WEBHOOK_SECRET is set');
  return problems;
}

function loadBusinessProfile(file: string | undefined, cwd: string): BusinessProfile {
  if (!file) return defaultBusinessProfile;
  const fullPath = path.resolve(cwd, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(fullPath, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : 'the file is not valid JSON';
    throw new ConfigError([`BUSINESS_FILE: expected a readable JSON file, but ${reason} (${fullPath})`]);
  }
  const merged = typeof raw === 'object' && raw !== null ? { ...defaultBusinessProfile, ...raw } : raw;
  const parsed = businessFileSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `BUSINESS_FILE: field "${issue.path.join('.') || '(root)'}": ${businessCheckTexts[issue.message] ?? issue.message}`),
    );
  }
  return parsed.data;
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

function pickKnown(env: Env): Env {
  const known: Env = {};
  for (const name of Object.keys(variables)) {
    const value = env[name];
    // An empty variable means "not set", as in most twelve-factor apps.
    if (value !== undefined && value !== '') known[name] = value;
  }
  return known;
}

function isParsableUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * A payment provider's API root: https, or plain http on loopback only (a local fake in tests and
 * development), so that credentials never travel unencrypted over a network.
 */
function isProviderApiBase(value: string): boolean {
  if (!isParsableUrl(value)) return false;
  const url = new URL(value);
  if (url.search || url.hash || url.username || url.password || (url.pathname !== '/' && url.pathname !== '')) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** Names of every variable loadConfig reads: the configuration reference test checks docs against it. */
export const configVariableNames = Object.keys(variables);

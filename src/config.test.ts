import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configVariableNames, loadConfig } from './config.js';
import { businessMailbox, missingLegalDetails } from './platform/business.js';

function problems(env: Record<string, string>, cwd?: string): string[] {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('starts with nothing set: SQLite in ./data on localhost:3000', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({ port: 3000, host: 'localhost', baseUrl: 'http://localhost:3000', dataDir: '/srv/app/data', databaseUrl: undefined, smtpUrl: undefined });
    // Unset: the sender is the business as the settings name it (app.ts), not fixed at start.
    expect(config.mailFrom).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('opens, by default, twice the processor cores plus one PostgreSQL connections, never more than 10', () => {
    const cores = availableParallelism();
    expect(loadConfig({}, '/srv/app').databasePoolSize).toBe(Math.min(10, 2 * cores + 1));
    expect(loadConfig({}, '/srv/app').databasePoolSize).toBeGreaterThanOrEqual(3);
    expect(loadConfig({}, '/srv/app').databasePoolSize).toBeLessThanOrEqual(10);
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        BASE_URL: 'https://www.example.fr/',
        DATA_DIR: '/var/lib/wservices',
        DATABASE_URL: 'postgres://app:secret@db:5432/wservices',
        DATABASE_POOL_SIZE: '20',
        SMTP_URL: 'smtps://user:pass@mail.example.fr:465',
        MAIL_FROM: 'Atelier <bonjour@example.fr>',
        SECRET_KEY: 'x'.repeat(40),
        LOG_LEVEL: 'warn',
        TRUST_PROXY: '1',
        BOOKING_RATE_LIMIT: '0',
        JOBS_POLL_MS: '500',
        SESSION_CHECK_MS: '1000',
        PAGE_CACHE_MS: '0',
      },
      '/',
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      baseUrl: 'https://www.example.fr',
      dataDir: '/var/lib/wservices',
      databaseUrl: 'postgres://app:secret@db:5432/wservices',
      databasePoolSize: 20,
      smtpUrl: 'smtps://user:pass@mail.example.fr:465',
      mailFrom: 'Atelier <bonjour@example.fr>',
      logLevel: 'warn',
      trustProxy: 1,
      bookingRateLimitPerMinute: 0,
      jobsPollMs: 500,
      sessionCheckMs: 1000,
      pageCacheMs: 0,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeUndefined();
  });

  it('gives one line per bad variable, naming it and what it expects', () => {
    const lines = problems({
      PORT: 'abc',
      BASE_URL: 'not a url',
      DATABASE_URL: 'mysql://localhost/db',
      SMTP_URL: 'http://mail',
      SECRET_KEY: 'short',
      LOG_LEVEL: 'loud',
      DATABASE_POOL_SIZE: '0',
    });
    expect(lines).toHaveLength(7);
    for (const name of ['PORT', 'BASE_URL', 'DATABASE_URL', 'SMTP_URL', 'SECRET_KEY', 'LOG_LEVEL', 'DATABASE_POOL_SIZE']) {
      expect(lines.filter((line) => line.startsWith(`${name}: expected `))).toHaveLength(1);
    }
    expect(lines.find((l) => l.startsWith('DATABASE_URL'))).toContain('postgres://');
    expect(lines.find((l) => l.startsWith('PORT'))).toContain('"abc"');
  });

  describe('online payments', () => {
    const stripe = { STRIPE_SECRET_KEY: 'sk_test_51Habcdefghijklmnop', STRIPE_WEBHOOK_SECRET: 'whsec_abcdefghijklmnop' };

    it('turns Stripe on with both keys, at api.stripe.com unless told otherwise, with a 30-minute payment window', () => {
      expect(loadConfig({}).stripe).toBeUndefined();
      expect(loadConfig({}).paymentWindowMinutes).toBe(30);
      expect(loadConfig(stripe).stripe).toEqual({ secretKey: stripe.STRIPE_SECRET_KEY, webhookSecret: stripe.STRIPE_WEBHOOK_SECRET, apiBase: 'https://api.stripe.com' });
      expect(loadConfig({ ...stripe, STRIPE_API_BASE: 'http://127.0.0.1:12111/', PAYMENT_WINDOW_MINUTES: '45' })).toMatchObject({ stripe: { apiBase: 'http://127.0.0.1:12111' }, paymentWindowMinutes: 45 });
      expect(loadConfig({ ...stripe, STRIPE_SECRET_KEY: 'rk_live_abcdefghijkl' }).stripe?.secretKey).toBe('rk_live_abcdefghijkl');
    });

    it('names each bad key: a publishable key, a secret without whsec_, one key without the other, a window out of range', () => {
      const publishable = problems({ ...stripe, STRIPE_SECRET_KEY: 'pk_test_abcdefghijkl' });
      expect(publishable).toEqual([expect.stringMatching(/^STRIPE_SECRET_KEY: expected a Stripe secret key starting with sk_test_, sk_live_ or rk_ .*never the publishable pk_ key/)]);
      expect(problems({ ...stripe, STRIPE_WEBHOOK_SECRET: 'abcdefghijklmnop' })).toEqual([expect.stringMatching(/^STRIPE_WEBHOOK_SECRET: expected the signing secret of the webhook endpoint, starting with whsec_/)]);
      expect(problems({ STRIPE_SECRET_KEY: stripe.STRIPE_SECRET_KEY })).toEqual([expect.stringMatching(/^STRIPE_WEBHOOK_SECRET: expected the webhook signing secret \(whsec_…\) as well/)]);
      expect(problems({ STRIPE_WEBHOOK_SECRET: stripe.STRIPE_WEBHOOK_SECRET })).toEqual([expect.stringMatching(/^STRIPE_SECRET_KEY: expected the secret key/)]);
      expect(problems({ ...stripe, STRIPE_API_BASE: 'https://api.stripe.com/v1' })).toEqual([expect.stringMatching(/^STRIPE_API_BASE: expected an http\(s\) origin without a path/)]);
      expect(problems({ PAYMENT_WINDOW_MINUTES: '2' })).toEqual([expect.stringMatching(/^PAYMENT_WINDOW_MINUTES: expected a whole number between 5 and 1440/)]);
    });
  });

  it('refuses a port out of range and a base URL with a query', () => {
    expect(problems({ PORT: '70000' })[0]).toMatch(/^PORT: expected a whole number between 1 and 65535/);
    expect(problems({ BASE_URL: 'https://example.fr/?a=1' })[0]).toMatch(/^BASE_URL: expected a URL without \?query/);
  });

  describe('BUSINESS_FILE', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wservices-config-'));

    it('overrides the business profile field by field (a SIRET typed with spaces is kept as its 14 digits)', () => {
      writeFileSync(path.join(dir, 'ok.json'), JSON.stringify({ name: 'Atelier Dupont', email: 'bonjour@dupont.fr', siret: '732 829 320 00074' }));
      const config = loadConfig({ BUSINESS_FILE: 'ok.json' }, dir);
      expect(config.businessSeed).toMatchObject({ name: 'Atelier Dupont', email: 'bonjour@dupont.fr', siret: '73282932000074', timezone: 'Europe/Paris', reminderHoursBefore: 24 });
    });

    it('names the file and the field that is wrong', () => {
      writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ email: 'nope', timezone: 'Mars/Olympus', extra: 1 }));
      const lines = problems({ BUSINESS_FILE: 'bad.json' }, dir);
      expect(lines.some((l) => l.startsWith('BUSINESS_FILE: field "email"'))).toBe(true);
      expect(lines.some((l) => l.startsWith('BUSINESS_FILE: field "timezone"') && l.includes('IANA'))).toBe(true);
      expect(lines.some((l) => l.startsWith('BUSINESS_FILE:') && l.includes('extra'))).toBe(true);
    });

    it('names a SIRET whose check digit fails, and refuses a logo (only uploaded)', () => {
      writeFileSync(path.join(dir, 'siret.json'), JSON.stringify({ siret: '732 829 320 00075', logo: { id: 'abcdef0123456789', contentType: 'image/png', width: 1, height: 1 } }));
      const lines = problems({ BUSINESS_FILE: 'siret.json' }, dir);
      expect(lines).toContain('BUSINESS_FILE: field "siret": this SIRET fails its check digit (Luhn key): a digit is probably mistyped');
      expect(lines.some((l) => l.includes('logo'))).toBe(true);
    });

    it('names a VAT number that does not carry the SIRET’s SIREN, and warns (without refusing) when one is missing', () => {
      writeFileSync(path.join(dir, 'vat.json'), JSON.stringify({ siret: '732 829 320 00074', vatNumber: 'FR 41 303 265 045' }));
      expect(problems({ BUSINESS_FILE: 'vat.json' }, dir)).toContain(
        'BUSINESS_FILE: field "vatNumber": this VAT number does not carry the SIRET’s SIREN (its last 9 digits must be the SIRET’s first 9): one of the two is mistyped',
      );
      writeFileSync(path.join(dir, 'vat-ok.json'), JSON.stringify({ siret: '732 829 320 00074', vatNumber: 'FR44732829320' }));
      const complete = loadConfig({ BUSINESS_FILE: 'vat-ok.json' }, dir).businessSeed;
      expect(missingLegalDetails(complete).some((m) => m.startsWith('vatNumber'))).toBe(false);
      writeFileSync(path.join(dir, 'no-vat.json'), JSON.stringify({ siret: '732 829 320 00074' }));
      const withoutVat = loadConfig({ BUSINESS_FILE: 'no-vat.json' }, dir).businessSeed;
      expect(missingLegalDetails(withoutVat)).toContain('vatNumber: invoices must show the VAT number (or set "vatExempt": true for the franchise, art. 293 B du CGI): no invoice is issued without it');
      expect(missingLegalDetails({ ...withoutVat, vatExempt: true }).some((m) => m.startsWith('vatNumber'))).toBe(false);
    });

    it('says when the file is missing or not JSON', () => {
      expect(problems({ BUSINESS_FILE: 'missing.json' }, dir)[0]).toMatch(/^BUSINESS_FILE: expected a readable JSON file, but the file does not exist/);
      writeFileSync(path.join(dir, 'broken.json'), '{ name: ');
      expect(problems({ BUSINESS_FILE: 'broken.json' }, dir)[0]).toMatch(/not valid JSON/);
    });
  });

  it('is documented variable by variable in docs/configuration.md', () => {
    const doc = readFileSync(path.join(import.meta.dirname, '../docs/configuration.md'), 'utf8');
    for (const name of configVariableNames) expect(doc, `${name} is missing from docs/configuration.md`).toContain(`\`${name}\``);
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...configVariableNames].sort());
  });
});

describe('the business as a mail sender', () => {
  it('quotes a name holding a comma or another special character, and keeps a plain one as it is', () => {
    expect(businessMailbox({ name: 'W Services', email: 'contact@example.fr' })).toBe('W Services <contact@example.fr>');
    expect(businessMailbox({ name: 'Dupont, fils & Cie', email: 'a@example.fr' })).toBe('"Dupont, fils & Cie" <a@example.fr>');
    expect(businessMailbox({ name: 'J.-P. "Dépannage"', email: 'a@example.fr' })).toBe('"J.-P. \\"Dépannage\\"" <a@example.fr>');
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { expect, it, onTestFinished } from 'vitest';
import { createTestApp, MONDAY_10, TEST_SECRET, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest, FRENCH_SPACING_MISTAKE } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';
import type { DB } from '../../db/schema.js';
import { sign } from '../../platform/ids.js';
import { applyRule } from '../../../test/support/retention.js';

/**
 * The customer's own space over HTTP, as a browser without JavaScript sees it: the sign-in link
 * (used twice, expired, forged, for an unknown address), the session's idle end, another
 * customer's booking, moves and cancellations before and after the cut-off, the contact form;
 * and the private link's move. Real databases, real mail queue.
 */
const NBSP = '\u00a0';
const CLAIRE = 'claire.martin@example.fr';
const token = (reference: string) => sign(TEST_SECRET, `booking:${reference}`, 32);
const monday = (hhmm: string) => `2026-11-30T${hhmm}:00+01:00`;
const MINUTE = 60_000;

function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x27;|&#39;/g, '’')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/[ \t\r\n]+/g, ' ');
}

function form(fields: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) params.append(name, value);
  return params.toString();
}

function errorBeside(html: string, id: string): string | undefined {
  const match = html.match(new RegExp(`<p class="field-error" id="${id}-error">([\\s\\S]*?)</p>`));
  return match ? textOf(match[1]!).trim() : undefined;
}

describeEachDialect('customer space', (dialect: DialectName) => {
  async function app(): Promise<TestApp> {
    // The business's phone, for the pages that give it after the cut-off.
    const dir = mkdtempSync(path.join(tmpdir(), 'wservices-business-'));
    const businessFile = path.join(dir, 'business.json');
    writeFileSync(businessFile, JSON.stringify({ phone: '01 46 12 34 56' }));
    const t = await createTestApp(dialect, { env: { BUSINESS_FILE: businessFile } });
    onTestFinished(() => t.close());
    return t;
  }

  const db = (t: TestApp) => t.db.database.db as Kysely<DB>;

  async function book(t: TestApp, start = MONDAY_10, email = CLAIRE, extra: Record<string, unknown> = {}) {
    return (await t.services.booking.bookSlot(bookingRequest({ start, customer: { email }, ...extra }), apiOptions())).booking;
  }

  async function signInMails(t: TestApp) {
    return (await t.services.outbox.list({ limit: 100, offset: 0 })).filter((m) => m.kind === 'customer-sign-in');
  }

  async function askLink(t: TestApp, email: string, locale: 'fr' | 'en' = 'fr') {
    return t.app.inject({ method: 'POST', url: locale === 'fr' ? '/mon-espace/lien' : '/en/my-space/link', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ email }) });
  }

  /** The token of the latest sign-in link mailed. */
  async function latestLinkToken(t: TestApp): Promise<string> {
    const latest = (await signInMails(t)).sort((a, b) => (a.id < b.id ? 1 : -1))[0];
    const match = latest!.text.match(/\/(?:mon-espace\/connexion|en\/my-space\/sign-in)\/([A-Za-z0-9_-]+)/);
    return match![1]!;
  }

  const signInPost = (t: TestApp, linkToken: string) => t.app.inject({ method: 'POST', url: `/mon-espace/connexion/${linkToken}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });

  /** Signs in as `email` through the mail; returns the Cookie header. */
  async function signIn(t: TestApp, email = CLAIRE): Promise<string> {
    expect((await askLink(t, email)).statusCode).toBe(200);
    const response = await signInPost(t, await latestLinkToken(t));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/mon-espace');
    const cookie = response.cookies.find((c) => c.name === 'ws_customer')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    return `ws_customer=${cookie.value}`;
  }

  const get = (t: TestApp, url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  /** Posts a form of the space with its CSRF token, read from the page that shows it. */
  async function post(t: TestApp, url: string, cookie: string, fields: Record<string, string | undefined>, csrfFrom = '/mon-espace') {
    const page = await get(t, csrfFrom, cookie);
    const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1];
    return t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: csrf, ...fields }) });
  }

  // ── Sign-in link ───────────────────────────────────────────────────────────

  it('answers the same page for a known and an unknown address, and mails only the known one', async () => {
    const t = await app();
    await book(t);
    const known = await askLink(t, 'Claire.Martin@Example.fr ');
    const unknown = await askLink(t, 'personne@example.fr');
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(textOf(known.body).replace('Claire.Martin@Example.fr', 'X')).toBe(textOf(unknown.body).replace('personne@example.fr', 'X'));
    expect(textOf(known.body)).toContain('Regardez votre boîte e-mail');
    const mails = await signInMails(t);
    expect(mails.map((m) => m.recipient)).toEqual([CLAIRE]);
    expect(mails[0]!.subject).toBe('Votre lien de connexion à votre espace W Services');
    expect(mails[0]!.text).toContain('Bonjour Claire Martin,');
    expect(mails[0]!.text).toContain('valable 15\u00a0minutes');
    expect(mails[0]!.text).toMatch(/http:\/\/localhost:3000\/mon-espace\/connexion\/[A-Za-z0-9_-]{43}/);
    expect(mails[0]!.text).not.toMatch(FRENCH_SPACING_MISTAKE);
    // Only the hash of the token is stored.
    const stored = await db(t).selectFrom('customer_sign_in_links').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(mails[0]!.text).not.toContain(stored[0]!.token_hash);
  });

  it('shows a field error for a malformed address, and mails nothing', async () => {
    const t = await app();
    const response = await askLink(t, 'pas-une-adresse');
    expect(response.statusCode).toBe(422);
    expect(errorBeside(response.body, 'f-email')).toBe('Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.');
    expect(await signInMails(t)).toHaveLength(0);
  });

  it('mails at most five links an hour to one address, with the same answer', async () => {
    const t = await app();
    await book(t);
    for (let i = 0; i < 7; i++) expect((await askLink(t, CLAIRE)).statusCode).toBe(200);
    expect(await signInMails(t)).toHaveLength(5);
    t.clock.advance(61 * MINUTE);
    await askLink(t, CLAIRE);
    expect(await signInMails(t)).toHaveLength(6);
  });

  it('lets the link be fetched (a mail scanner) without spending it; only the button’s POST signs in, once', async () => {
    const t = await app();
    await book(t);
    await askLink(t, CLAIRE);
    const linkToken = await latestLinkToken(t);
    for (let i = 0; i < 2; i++) {
      const page = await get(t, `/mon-espace/connexion/${linkToken}`);
      expect(page.statusCode).toBe(200);
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).toContain(`<form method="post" action="/mon-espace/connexion/${linkToken}"`);
      expect(textOf(page.body)).toContain('Se connecter');
    }
    expect((await signInPost(t, linkToken)).statusCode).toBe(303);

    // Used twice: a clear page with the form to ask again, and no session.
    const again = await signInPost(t, linkToken);
    expect(again.statusCode).toBe(410);
    expect(again.cookies.find((c) => c.name === 'ws_customer')).toBeUndefined();
    expect(textOf(again.body)).toContain(`Ce lien de connexion n’est plus valable${NBSP}: il a déjà servi`);
    expect(again.body).toContain('action="/mon-espace/lien"');
    expect((await get(t, `/mon-espace/connexion/${linkToken}`)).statusCode).toBe(410);
  });

  it('refuses an expired link and a forged one, in French and English', async () => {
    const t = await app();
    await book(t);
    await askLink(t, CLAIRE);
    const linkToken = await latestLinkToken(t);
    t.clock.advance(15 * MINUTE + 1000);
    expect((await get(t, `/mon-espace/connexion/${linkToken}`)).statusCode).toBe(410);
    const expired = await signInPost(t, linkToken);
    expect(expired.statusCode).toBe(410);
    expect(textOf(expired.body)).toContain('Lien de connexion plus valable');

    const forged = await t.app.inject({ method: 'POST', url: '/en/my-space/sign-in/forged-token-0123456789abcdefghijklmnopqrstu', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(forged.statusCode).toBe(410);
    expect(textOf(forged.body)).toContain('This sign-in link is no longer valid');
    expect(forged.body).toContain('action="/en/my-space/link"');
    expect(await db(t).selectFrom('customer_sessions').selectAll().execute()).toEqual([]);
  });

  it('refuses a sign-in posted from another site', async () => {
    const t = await app();
    await book(t);
    await askLink(t, CLAIRE);
    const linkToken = await latestLinkToken(t);
    const response = await t.app.inject({ method: 'POST', url: `/mon-espace/connexion/${linkToken}`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' }, payload: '' });
    expect(response.statusCode).toBe(403);
    expect((await signInPost(t, linkToken)).statusCode).toBe(303);
  });

  it('deletes expired links and ended sessions by its retention rules, and keeps live ones', async () => {
    const t = await app();
    await book(t);
    await signIn(t);
    await askLink(t, CLAIRE);
    const rows = async () => ({
      links: (await db(t).selectFrom('customer_sign_in_links').selectAll().execute()).length,
      sessions: (await db(t).selectFrom('customer_sessions').selectAll().execute()).length,
    });
    const run = async (dryRun: boolean) => (await applyRule(t, 'customer-space.links', t.clock.now(), { dryRun })) + (await applyRule(t, 'customer-space.sessions', t.clock.now(), { dryRun }));
    expect(await run(false)).toBe(0);
    expect(await rows()).toEqual({ links: 2, sessions: 1 });
    t.clock.advance(31 * MINUTE);
    expect(await run(true)).toBe(3);
    expect(await rows()).toEqual({ links: 2, sessions: 1 });
    expect(await run(false)).toBe(3);
    expect(await rows()).toEqual({ links: 0, sessions: 0 });
  });

  // ── Session ─────────────────────────────────────────────────────────────────

  it('lists the customer’s bookings, upcoming and past, and ends the session after 30 minutes idle', async () => {
    const t = await app();
    const upcoming = await book(t);
    const cancelled = await book(t, monday('14:00'));
    await t.services.booking.cancelByOwner(cancelled.id, null);
    const cookie = await signIn(t);
    const page = await get(t, '/mon-espace', cookie);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Bonjour Claire Martin');
    expect(text).toContain('Diagnostic informatique');
    expect(text).toContain(`lundi 30 novembre 2026 à 10${NBSP}h`);
    expect(text).toContain('17 allée Edgar Brandt, 92320 Châtillon');
    expect(page.body).toContain(`href="/mon-espace/reservations/${upcoming.reference}"`);
    expect(page.body).toContain(`href="/mon-espace/reservations/${upcoming.reference}/calendar.ics"`);
    expect(text.indexOf(cancelled.reference)).toBeGreaterThan(text.indexOf('Vos réservations passées et annulées'));
    expect(text).not.toMatch(FRENCH_SPACING_MISTAKE);

    // Active every 29 minutes: still in.
    for (let i = 0; i < 3; i++) {
      t.clock.advance(29 * MINUTE);
      expect((await get(t, '/mon-espace', cookie)).body).toContain('Bonjour Claire Martin');
    }
    // Then 31 minutes without a request: out, with a word about why.
    t.clock.advance(31 * MINUTE);
    const out = await get(t, `/mon-espace/reservations/${upcoming.reference}`, cookie);
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/mon-espace?expiree=1');
    const form = await get(t, '/mon-espace?expiree=1', cookie);
    expect(textOf(form.body)).toContain(`Votre session a pris fin après 30${NBSP}minutes sans activité.`);
    expect(form.body).not.toContain('Bonjour Claire Martin');
  });

  it('ends a session after four hours however active, and at sign-out', async () => {
    const t = await app();
    await book(t);
    const cookie = await signIn(t);
    for (let i = 0; i < 8; i++) {
      t.clock.advance(29 * MINUTE);
      expect((await get(t, '/mon-espace', cookie)).body).toContain('Bonjour Claire Martin');
    }
    t.clock.advance(29 * MINUTE);
    expect((await get(t, '/mon-espace', cookie)).body).not.toContain('Bonjour Claire Martin');

    const again = await signIn(t);
    const out = await post(t, '/mon-espace/deconnexion', again, {});
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/mon-espace?deconnecte=1');
    expect(out.cookies.find((c) => c.name === 'ws_customer')?.value).toBe('');
    expect((await get(t, '/mon-espace', again)).body).not.toContain('Bonjour Claire Martin');
    // The session that outlived its four hours stays until the retention rule deletes it; the one signed out is gone.
    expect(await db(t).selectFrom('customer_sessions').selectAll().execute()).toHaveLength(1);
  });

  it('refuses a form without the session’s CSRF token, and changes nothing', async () => {
    const t = await app();
    await book(t);
    const cookie = await signIn(t);
    const other = await signIn(t);
    const otherCsrf = (await get(t, '/mon-espace', other)).body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    for (const csrf of [undefined, otherCsrf]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/mon-espace/coordonnees',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ _csrf: csrf, phone: '07 00 00 00 01' }),
      });
      expect(response.statusCode).toBe(403);
    }
    const customer = await t.services.customers.byEmail(CLAIRE);
    expect(customer!.phone).toBe('+33612345678');
  });

  // ── Another customer's booking ──────────────────────────────────────────────

  it('answers 404 for another customer’s booking on every page, and changes nothing', async () => {
    const t = await app();
    await book(t);
    const theirs = await book(t, monday('14:00'), 'paul.durand@example.fr');
    const cookie = await signIn(t);
    const base = `/mon-espace/reservations/${theirs.reference}`;
    for (const url of [base, `${base}/calendar.ics`, `${base}/deplacer`, `${base}/annuler`]) expect((await get(t, url, cookie)).statusCode, url).toBe(404);
    expect((await post(t, `${base}/annuler`, cookie, {})).statusCode).toBe(404);
    expect((await post(t, `${base}/deplacer`, cookie, { start: monday('16:00') })).statusCode).toBe(404);
    const after = await t.services.booking.getById(theirs.id);
    expect(after).toMatchObject({ status: 'confirmed', start: theirs.start });
    expect(await t.services.booking.events(theirs.id)).toHaveLength(1);
  });

  // ── Move ────────────────────────────────────────────────────────────────────

  it('moves a booking to another free slot of the day picker, mails the customer and the owner, and follows with the reminder', async () => {
    const t = await app();
    const booking = await book(t);
    const cookie = await signIn(t);
    const picker = await get(t, `/mon-espace/reservations/${booking.reference}/deplacer?jour=2026-12-01`, cookie);
    expect(picker.statusCode).toBe(200);
    expect(picker.body).toContain('name="jour"');
    expect(picker.body).toContain('href="/mon-espace/reservations/' + booking.reference + '/deplacer?jour=2026-11-30"');
    expect(picker.body).toContain('value="2026-12-01T14:00:00+01:00"');
    expect(textOf(picker.body)).toContain('Horaires libres le mardi 1er décembre 2026');

    const response = await post(t, `/mon-espace/reservations/${booking.reference}/deplacer`, cookie, { start: '2026-12-01T14:00:00+01:00', jour: '2026-12-01' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/mon-espace/reservations/${booking.reference}?deplacee=1`);
    const moved = await t.services.booking.getById(booking.id);
    expect(moved.start).toBe('2026-12-01T13:00:00.000Z');
    const events = await t.services.booking.events(booking.id);
    expect(events.at(-1)).toMatchObject({ type: 'moved', actor: 'customer', details: { from: booking.start, to: moved.start } });
    expect(await t.services.jobs.byKey(`booking.reminder:${booking.id}`)).toMatchObject({ status: 'pending', runAt: '2026-11-30T13:00:00.000Z' });
    const mails = await t.services.outbox.forBooking(booking.id);
    const customerMail = mails.find((m) => m.kind === 'booking-moved')!;
    expect(customerMail.text).toContain('Votre réservation est déplacée, comme vous l’avez demandé');
    expect(customerMail.text).not.toContain('W Services a déplacé');
    const ownerMail = mails.filter((m) => m.kind === 'booking-owner-notice').at(-1)!;
    expect(ownerMail.subject).toMatch(/^Réservation déplacée par le client/);
    expect(ownerMail.replyTo).toBe(CLAIRE);
    const page = await get(t, `/mon-espace/reservations/${booking.reference}?deplacee=1`, cookie);
    expect(textOf(page.body)).toContain('Votre réservation est déplacée.');
    expect(textOf(page.body)).toContain(`mardi 1er décembre 2026 à 14${NBSP}h`);
  });

  it('refuses a slot taken, the time it already has, and a slot inside the withdrawal period without the early start', async () => {
    const t = await app();
    const booking = await book(t);
    await book(t, monday('14:00'), 'paul.durand@example.fr');
    const cookie = await signIn(t);
    const url = `/mon-espace/reservations/${booking.reference}/deplacer`;
    const taken = await post(t, url, cookie, { start: monday('14:00') });
    expect(taken.statusCode).toBe(409);
    expect(textOf(taken.body)).toContain('Ce créneau vient d’être réservé ou n’est plus disponible.');
    const same = await post(t, url, cookie, { start: MONDAY_10 });
    expect(same.statusCode).toBe(422);
    expect(textOf(same.body)).toContain('La réservation est déjà à cet horaire.');
    expect((await t.services.booking.getById(booking.id)).start).toBe(booking.start);

    // Booked for 15 December (after the period), without asking for an early start: no earlier date.
    const later = await book(t, '2026-12-15T10:00:00+01:00', CLAIRE, { requestEarlyPerformance: false });
    const picker = await get(t, `/mon-espace/reservations/${later.reference}/deplacer?jour=2026-12-01`, cookie);
    expect(textOf(picker.body)).toContain('vous pouvez choisir une date à partir du vendredi 11 décembre 2026');
    expect(picker.body).toContain('value="2026-12-11"');
    const inside = await post(t, `/mon-espace/reservations/${later.reference}/deplacer`, cookie, { start: '2026-12-01T10:00:00+01:00' });
    expect(inside.statusCode).toBe(422);
    expect(textOf(inside.body)).toContain('Cet horaire tombe dans votre délai de rétractation de 14');
    expect((await t.services.booking.getById(later.id)).start).toBe(later.start);
  });

  it('refuses to move or cancel after the cut-off and gives the business phone instead', async () => {
    const t = await app();
    // Friday 27 November 10:00 is 26 hours ahead of Thursday 08:00; three hours later it is inside the 24 hours.
    const booking = await book(t, '2026-11-27T10:00:00+01:00');
    let cookie = await signIn(t);
    const before = await get(t, `/mon-espace/reservations/${booking.reference}`, cookie);
    expect(textOf(before.body)).toContain(`jusqu’au jeudi 26 novembre 2026 à 10${NBSP}h (24${NBSP}heures avant son début)`);
    expect(before.body).toContain(`href="/mon-espace/reservations/${booking.reference}/deplacer"`);

    t.clock.advance(3 * 60 * MINUTE);
    cookie = await signIn(t);
    const page = await get(t, `/mon-espace/reservations/${booking.reference}`, cookie);
    const text = textOf(page.body);
    expect(text).toContain(`Il est trop tard pour déplacer ou annuler cette réservation en ligne${NBSP}: c’était possible jusqu’à 24${NBSP}heures avant son début.`);
    expect(page.body).toMatch(/<a href="tel:\+33146123456">\+33 1 46 12 34 56<\/a>/);
    expect(page.body).not.toContain(`/mon-espace/reservations/${booking.reference}/deplacer"`);
    expect((await get(t, `/mon-espace/reservations/${booking.reference}/deplacer`, cookie)).statusCode).toBe(303);

    const move = await post(t, `/mon-espace/reservations/${booking.reference}/deplacer`, cookie, { start: '2026-11-27T14:00:00+01:00' });
    expect(move.statusCode).toBe(303);
    const cancel = await post(t, `/mon-espace/reservations/${booking.reference}/annuler`, cookie, {});
    expect(cancel.statusCode).toBe(409);
    expect(textOf(cancel.body)).toContain('ne peut plus être déplacée ni annulée en ligne');
    const after = await t.services.booking.getById(booking.id);
    expect(after).toMatchObject({ status: 'confirmed', start: booking.start });
    expect(await t.services.booking.events(booking.id)).toHaveLength(1);
  });

  it('cancels before the cut-off after a confirmation page', async () => {
    const t = await app();
    const booking = await book(t);
    const cookie = await signIn(t);
    const confirm = await get(t, `/mon-espace/reservations/${booking.reference}/annuler`, cookie);
    expect(confirm.statusCode).toBe(200);
    expect(textOf(confirm.body)).toContain('Annuler cette réservation');
    expect((await t.services.booking.getById(booking.id)).status).toBe('confirmed');
    const response = await post(t, `/mon-espace/reservations/${booking.reference}/annuler`, cookie, {});
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/mon-espace?annulee=1');
    expect(await t.services.booking.getById(booking.id)).toMatchObject({ status: 'cancelled', cancelledBy: 'customer' });
    const kinds = (await t.services.outbox.forBooking(booking.id)).map((m) => m.kind);
    expect(kinds).toContain('booking-cancelled');
  });

  it('offers the calendar file of a booking', async () => {
    const t = await app();
    const booking = await book(t);
    const cookie = await signIn(t);
    const response = await get(t, `/mon-espace/reservations/${booking.reference}/calendar.ics`, cookie);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(response.body).toContain('BEGIN:VEVENT');
  });

  // ── Contact details ─────────────────────────────────────────────────────────

  it('updates the phone and address, recording each change as the customer’s; a bad phone changes nothing', async () => {
    const t = await app();
    await book(t);
    const cookie = await signIn(t);
    const bad = await post(t, '/mon-espace/coordonnees', cookie, { phone: '06 12 34', addressLine1: '3 rue des Lilas', postalCode: '9232', city: 'Châtillon', addressCountry: 'FR' });
    expect(bad.statusCode).toBe(422);
    expect(errorBeside(bad.body, 'f-phone')).toBe('Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.');
    expect(errorBeside(bad.body, 'f-postalCode')).toBe('Un code postal français compte cinq chiffres, par exemple 92320.');
    expect(bad.body).toContain('value="3 rue des Lilas"');
    const unchanged = await t.services.customers.byEmail(CLAIRE);
    expect(unchanged).toMatchObject({ phone: '+33612345678', address: null });

    const good = await post(t, '/mon-espace/coordonnees', cookie, { phone: '06 98 76 54 32', addressLine1: '3 rue des Lilas', postalCode: '92320', city: 'Châtillon', addressCountry: 'FR' });
    expect(good.statusCode, good.body.match(/field-error[^<]*<\/p>/g)?.join()).toBe(303);
    expect(good.headers.location).toBe('/mon-espace?enregistre=1');
    const customer = (await t.services.customers.byEmail(CLAIRE))!;
    expect(customer).toMatchObject({ phone: '+33698765432', address: { line1: '3 rue des Lilas', postalCode: '92320', city: 'Châtillon', country: 'FR' } });
    const changes = await t.services.customers.changes(customer.id);
    expect(changes.filter((c) => c.actor === 'customer').map((c) => c.field).sort()).toEqual(['address.city', 'address.country', 'address.line1', 'address.postalCode', 'phone']);
    expect(textOf((await get(t, '/mon-espace?enregistre=1', cookie)).body)).toContain('Vos coordonnées sont enregistrées.');
  });

  // ── The private link ────────────────────────────────────────────────────────

  it('moves a booking from its private link with the same picker, and states the cut-off there', async () => {
    const t = await app();
    const booking = await book(t);
    const base = `/reservation/${booking.reference}/${token(booking.reference)}`;
    const page = await get(t, base);
    expect(textOf(page.body)).toContain(`jusqu’au dimanche 29 novembre 2026 à 10${NBSP}h (24${NBSP}heures avant son début)`);
    expect(page.body).toContain(`href="${base}/deplacer"`);
    const picker = await get(t, `${base}/deplacer?jour=2026-11-30`);
    expect(picker.statusCode).toBe(200);
    expect(picker.body).toContain('value="2026-11-30T11:00:00+01:00"');
    expect(picker.body).not.toContain('value="2026-11-30T10:00:00+01:00"');
    const response = await t.app.inject({ method: 'POST', url: `${base}/deplacer`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ start: monday('11:00') }) });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`${base}?deplacee=1`);
    expect((await t.services.booking.getById(booking.id)).start).toBe('2026-11-30T10:00:00.000Z');
    expect((await t.services.booking.events(booking.id)).at(-1)).toMatchObject({ type: 'moved', actor: 'customer' });

    const wrong = await t.app.inject({ method: 'POST', url: `/reservation/${booking.reference}/${'x'.repeat(32)}/deplacer`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ start: monday('15:00') }) });
    expect(wrong.statusCode).toBe(404);

    // After the cut-off: no picker, no move.
    t.clock.set('2026-11-29T10:00:00Z');
    expect((await get(t, `${base}/deplacer`)).statusCode).toBe(303);
    const late = await t.app.inject({ method: 'POST', url: `${base}/deplacer`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ start: monday('15:00') }) });
    expect(late.statusCode).toBe(303);
    expect((await t.services.booking.getById(booking.id)).start).toBe('2026-11-30T10:00:00.000Z');
    expect(textOf((await get(t, base)).body)).toContain('Il est trop tard pour déplacer ou annuler cette réservation en ligne');
    expect((await get(t, `${base}/annuler`)).statusCode).toBe(303);
    const lateCancel = await t.app.inject({ method: 'POST', url: `${base}/annuler`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(lateCancel.statusCode).toBe(409);
    expect((await t.services.booking.getById(booking.id)).status).toBe('confirmed');
  });
});

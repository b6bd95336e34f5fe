import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, customer, type TestApp } from '../../../test/support/app.js';
import { AdminClient, loggedInOwner, nextRemoteAddress, pageText } from '../../../test/support/admin-client.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';
import { sha256Hex } from '../../platform/ids.js';
import { rightsRegister } from './rights.register.js';

const STAFF = { email: 'staff@wservicesparis.com', password: 'une autre phrase de passe longue' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The smallest PNG there is: its first bytes are what the upload is told by. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describeEachDialect('rights requests', (dialect: DialectName) => {
  let t: TestApp;
  let owner: AdminClient;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await loggedInOwner(t);
  });
  afterAll(() => t?.close());

  const db = () => t.db.database.db;
  const api = (body: unknown, options: { remoteAddress?: string; contentType?: string; language?: string } = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/privacy-requests',
      remoteAddress: options.remoteAddress ?? nextRemoteAddress(),
      headers: { 'content-type': options.contentType ?? 'application/json', 'accept-language': options.language ?? 'fr' },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  /** The rights form as a browser without script posts it, each time from another address (the form's per-address limit). */
  const postForm = (url: string, payload: string) =>
    t.app.inject({ method: 'POST', url, remoteAddress: nextRemoteAddress(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
  /** The confirmation link's button, pressed on the site's own page. */
  const confirmAt = (link: string) => t.app.inject({ method: 'POST', url: link, remoteAddress: nextRemoteAddress(), headers: { 'sec-fetch-site': 'same-origin' } });
  const mailsTo = (recipient: string, kind: string) =>
    db().selectFrom('outbox_messages').select(['text_body', 'subject', 'locale']).where('recipient', '=', recipient).where('kind', '=', kind).orderBy('id', 'desc').execute();
  /** The path of the link in the last mail of `kind` to `recipient`. */
  async function linkIn(recipient: string, kind: string): Promise<string> {
    const [mail] = await mailsTo(recipient, kind);
    const path = /http:\/\/localhost:3000(\/\S+)/.exec(mail?.text_body ?? '')?.[1];
    expect(path, `${kind} to ${recipient}`).toBeTruthy();
    return path!;
  }
  /** A booking (hence a customer record) for this address, at a free slot of the demo check-up. */
  async function bookFor(email: string): Promise<void> {
    const slots = (await t.app.inject({ method: 'GET', url: '/api/v1/services/diagnostic-informatique/slots?from=2026-12-01&to=2026-12-10' })).json() as { start: string }[];
    const booked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { 'content-type': 'application/json' },
      payload: { service: 'diagnostic-informatique', start: slots[0]!.start, customer: customer({ email }), acceptTerms: true, requestEarlyPerformance: true },
    });
    expect(booked.statusCode, booked.body).toBe(201);
  }
  /** Files and confirms a request; returns its id. */
  async function confirmedRequest(email: string, type = 'access', details?: string): Promise<string> {
    expect((await api({ type, email, ...(details ? { details } : {}) })).statusCode).toBe(202);
    const link = await linkIn(email, 'privacy-request-confirm');
    const row = await db().selectFrom('privacy_requests').select('id').where('confirm_token_hash', '=', sha256Hex(link.split('/').pop()!)).executeTakeFirstOrThrow();
    const confirmed = await confirmAt(link);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    // A back-office session does not outlive a clock moved by months: sign in again at the new time.
    owner = await loggedInOwner(t);
    return row.id;
  }

  it('answers 202 whether or not the address is known, and mails a confirmation link to the address given in both cases', async () => {
    await bookFor('connue@example.fr');
    const known = await api({ type: 'access', email: 'Connue@Example.fr' });
    const unknown = await api({ type: 'access', email: 'inconnue@example.fr' });
    expect([known.statusCode, unknown.statusCode]).toEqual([202, 202]);
    expect(known.json()).toEqual(unknown.json());
    expect(known.json()).toEqual({ status: 'pending_confirmation' });
    for (const email of ['connue@example.fr', 'inconnue@example.fr']) {
      const [mail] = await mailsTo(email, 'privacy-request-confirm');
      expect(mail?.text_body).toContain('/mes-droits/confirmer/');
    }
    // Only the hash of the link's token is stored.
    const token = (await linkIn('inconnue@example.fr', 'privacy-request-confirm')).split('/').pop()!;
    const row = await db().selectFrom('privacy_requests').selectAll().where('email', '=', 'inconnue@example.fr').executeTakeFirstOrThrow();
    expect(row.confirm_token_hash).toBe(sha256Hex(token));
    expect(row.status).toBe('unconfirmed');
  });

  it('refuses bad input with 422 and field errors in the booking API’s shape, in the caller’s language, storing nothing', async () => {
    const before = await db().selectFrom('privacy_requests').select('id').execute();
    const missing = await api({ email: 'x@example.fr' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toEqual({ errors: [{ field: 'type', message: 'Choisissez ce que vous demandez dans la liste.' }] });
    const wrong = await api({ type: 'delete-everything', email: 'pas une adresse', extra: 1 }, { language: 'en' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'extra', 'type']);
    expect(wrong.json().errors.find((e: { field: string }) => e.field === 'email').message).toBe('Enter a valid e-mail address, e.g. name@example.com.');
    const noQuestion = await api({ type: 'question', email: 'x@example.fr', details: '   ' });
    expect(noQuestion.statusCode).toBe(422);
    expect(noQuestion.json()).toEqual({ errors: [{ field: 'details', message: 'Écrivez votre demande en quelques mots.' }] });
    expect((await api('type=access&email=x@example.fr', { contentType: 'application/x-www-form-urlencoded' })).statusCode).toBe(415);
    expect((await api('{"type":', {})).statusCode).toBe(400);
    expect(await db().selectFrom('privacy_requests').select('id').execute()).toHaveLength(before.length);
  });

  it('limits each client to 10 requests in 15 minutes, the form and the API together', async () => {
    const remoteAddress = nextRemoteAddress();
    for (let i = 0; i < 5; i++) expect((await api({ type: 'question', email: `limite${i}@example.fr`, details: 'Une question' }, { remoteAddress })).statusCode).toBe(202);
    for (let i = 0; i < 5; i++) {
      const form = await t.app.inject({ method: 'POST', url: '/mes-droits', remoteAddress, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `type=access&email=formulaire${i}%40example.fr` });
      expect(form.statusCode).toBe(200);
    }
    const over = await api({ type: 'access', email: 'encore@example.fr' }, { remoteAddress });
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('TOO_MANY_REQUESTS');
  });

  it('answers the same beyond 5 requests an hour from one address, but stores and mails nothing more', async () => {
    const email = 'inondee@example.fr';
    for (let i = 0; i < 6; i++) expect((await api({ type: 'access', email })).statusCode).toBe(202);
    expect(await mailsTo(email, 'privacy-request-confirm')).toHaveLength(5);
    expect(await db().selectFrom('privacy_requests').select('id').where('email', '=', email).execute()).toHaveLength(5);
  });

  it('confirms by the mailed link: the GET page confirms nothing, the POST does once; a reused or expired link is refused', async () => {
    const email = 'confirmation@example.fr';
    await api({ type: 'access', email });
    const link = await linkIn(email, 'privacy-request-confirm');
    const page = await t.app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect((await db().selectFrom('privacy_requests').select('status').where('email', '=', email).executeTakeFirstOrThrow()).status).toBe('unconfirmed');
    const confirmed = await t.app.inject({ method: 'POST', url: link });
    expect(confirmed.statusCode).toBe(200);
    // Received at confirmation, Thursday 26 November 2026 in Paris: due one calendar month later.
    expect(pageText(confirmed.body)).toContain('au plus tard le samedi 26 décembre 2026');
    const row = await db().selectFrom('privacy_requests').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
    expect([row.status, row.received_at, row.due_date, row.confirm_token_hash]).toEqual(['open', t.clock.now().toISOString(), '2026-12-26', null]);
    expect((await mailsTo(email, 'privacy-request-received'))[0]?.text_body).toContain('26 décembre 2026');
    const reused = await t.app.inject({ method: 'POST', url: link });
    expect(reused.statusCode).toBe(410);
    expect(pageText(reused.body)).toContain('Ce lien de confirmation n’est plus valable');

    await api({ type: 'access', email: 'tardive@example.fr' });
    const late = await linkIn('tardive@example.fr', 'privacy-request-confirm');
    t.clock.advance(24 * HOUR + 1000);
    try {
      expect((await t.app.inject({ method: 'GET', url: late })).statusCode).toBe(410);
      expect((await t.app.inject({ method: 'POST', url: late })).statusCode).toBe(410);
      // A cross-site post is refused before anything is looked at.
      expect((await t.app.inject({ method: 'POST', url: late, headers: { 'sec-fetch-site': 'cross-site' } })).statusCode).toBe(403);
      // The nightly sweep deletes the unconfirmed request (its link expired).
      await t.services.privacy.runRetention(t.clock.now());
      expect(await db().selectFrom('privacy_requests').select('id').where('email', '=', 'tardive@example.fr').execute()).toEqual([]);
    } finally {
      t.clock.advance(-(24 * HOUR + 1000));
    }
  });

  it('counts one calendar month from the day of receipt across month ends, and extends by two months only within the first, mailing the reason', async () => {
    const start = t.clock.now();
    try {
      t.clock.set('2027-01-31T10:00:00Z');
      const id = await confirmedRequest('janvier@example.fr');
      expect((await db().selectFrom('privacy_requests').select('due_date').where('id', '=', id).executeTakeFirstOrThrow()).due_date).toBe('2027-02-28');
      t.clock.set('2028-01-31T10:00:00Z');
      const leap = await confirmedRequest('bissextile@example.fr');
      expect((await db().selectFrom('privacy_requests').select('due_date').where('id', '=', leap).executeTakeFirstOrThrow()).due_date).toBe('2028-02-29');

      // On the last day of the first month: still possible.
      t.clock.set('2028-02-29T20:00:00Z');
      owner = await loggedInOwner(t);
      const blank = await owner.submit(`/admin/demandes/${leap}`, { text: ' ' }, `/admin/demandes/${leap}/prolonger`);
      expect(blank.statusCode).toBe(422);
      const extended = await owner.submit(`/admin/demandes/${leap}`, { text: 'Vos données sont réparties dans plusieurs dossiers.' }, `/admin/demandes/${leap}/prolonger`);
      expect(extended.statusCode).toBe(303);
      const row = await db().selectFrom('privacy_requests').select(['due_date', 'extended_due_date']).where('id', '=', leap).executeTakeFirstOrThrow();
      expect(row).toEqual({ due_date: '2028-02-29', extended_due_date: '2028-04-30' });
      const [mail] = await mailsTo('bissextile@example.fr', 'privacy-request-extended');
      expect(mail?.text_body).toContain('Vos données sont réparties dans plusieurs dossiers.');
      expect(mail?.text_body).toContain('30 avril 2028');
      const again = await owner.submit(`/admin/demandes/${leap}`, { text: 'Encore' }, `/admin/demandes/${leap}/prolonger`);
      expect(again.statusCode).toBe(409);

      // The day after the first month: refused, and no longer offered.
      t.clock.set('2028-03-01T10:00:00Z');
      const other = await confirmedRequest('mars@example.fr');
      t.clock.set('2028-04-02T10:00:00Z');
      owner = await loggedInOwner(t);
      const page = await owner.get(`/admin/demandes/${other}`);
      expect(page.body).not.toContain(`/admin/demandes/${other}/prolonger`);
      const late = await owner.post(`/admin/demandes/${other}/prolonger`, { text: 'Trop tard' });
      expect(late.statusCode).toBe(409);
      expect(pageText(late.body)).toContain('pendant le premier mois');
      expect(await mailsTo('mars@example.fr', 'privacy-request-extended')).toEqual([]);
    } finally {
      t.clock.set(start);
      owner = await loggedInOwner(t);
    }
  });

  it('lists open requests by due date with warnings near and past it, each with its whole history, and counts them on the owner’s dashboard', async () => {
    const start = t.clock.now();
    try {
      // Close what earlier tests left open, so that the list holds only these.
      for (const { id } of await db().selectFrom('privacy_requests').select('id').where('status', '=', 'open').execute()) await owner.submit(`/admin/demandes/${id}`, {}, `/admin/demandes/${id}/clore`);
      t.clock.set('2027-03-01T09:00:00Z');
      const late = await confirmedRequest('retard@example.fr');
      t.clock.set('2027-03-20T09:00:00Z');
      const later = await confirmedRequest('tranquille@example.fr', 'question', 'Quelles données gardez-vous\u00a0?');
      t.clock.set('2027-03-05T09:00:00Z');
      const soon = await confirmedRequest('bientot@example.fr');
      t.clock.set('2027-04-03T09:00:00Z');
      owner = await loggedInOwner(t);
      const list = await owner.get('/admin/demandes');
      expect(list.statusCode).toBe(200);
      const order = [...list.body.matchAll(/data-request="([^"]+)"/g)].map((m) => m[1]);
      expect(order).toEqual([late, soon, later]);
      const levels = [...list.body.matchAll(/data-deadline="([a-z]+)"/g)].map((m) => m[1]);
      expect(levels).toEqual(['overdue', 'soon', 'ok']);
      expect(pageText(list.body)).toContain('En retard de 2\u00a0jours');
      expect(pageText(list.body)).toContain('Plus que 2\u00a0jours');

      const dashboard = await owner.get('/admin');
      expect(pageText(dashboard.body)).toContain('3 demandes RGPD à traiter, dont 1 en retard et 1 à rendre sous 7\u00a0jours.');

      const replied = await owner.submit(`/admin/demandes/${later}`, { text: 'Nous gardons vos réservations et vos factures.' }, `/admin/demandes/${later}/repondre`);
      expect(replied.statusCode).toBe(303);
      expect((await mailsTo('tranquille@example.fr', 'privacy-request-answer'))[0]?.text_body).toContain('Nous gardons vos réservations et vos factures.');
      expect((await owner.submit(`/admin/demandes/${later}`, { text: 'Répondu par e-mail.' }, `/admin/demandes/${later}/clore`)).statusCode).toBe(303);
      const page = await owner.get(`/admin/demandes/${later}`);
      const steps = [...page.body.matchAll(/data-event="([a-z_]+)"/g)].map((m) => m[1]);
      expect(steps).toEqual(['submitted', 'confirmed', 'answered', 'closed']);
      expect(pageText(page.body)).toContain(`Réponse faite — `);
      expect(pageText(page.body)).toContain('owner@wservicesparis.com');
      expect((await owner.get('/admin/demandes')).body).not.toContain(`data-request="${later}"`);
    } finally {
      t.clock.set(start);
      owner = await loggedInOwner(t);
    }
  });

  it('keeps an identity document sealed at rest, opens it for the owner, and deletes it once the identity is checked', async () => {
    const email = 'identite@example.fr';
    const id = await confirmedRequest(email, 'erasure');
    expect((await owner.submit(`/admin/demandes/${id}`, { text: 'L’adresse diffère de celle de la fiche client.' }, `/admin/demandes/${id}/justificatif`)).statusCode).toBe(303);
    const [mail] = await mailsTo(email, 'privacy-request-identity');
    expect(mail?.text_body).toContain('L’adresse diffère de celle de la fiche client.');
    const link = await linkIn(email, 'privacy-request-identity');
    expect((await t.app.inject({ method: 'GET', url: link })).statusCode).toBe(200);

    const upload = (content: Buffer, filename: string, type: string) => {
      const boundary = 'rightsboundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({ method: 'POST', url: link, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    };
    const tooLarge = await upload(Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]), 'carte.png', 'image/png');
    expect(tooLarge.statusCode).toBe(413);
    expect(pageText(tooLarge.body)).toContain('Ce fichier est trop lourd');
    // A text file calling itself a PNG is refused by its first bytes; the link still works.
    const wrong = await upload(Buffer.from('pas une image'), 'carte.png', 'image/png');
    expect(wrong.statusCode).toBe(422);
    expect(pageText(wrong.body)).toContain('Envoyez un PDF, une photo JPEG ou une image PNG.');
    expect((await upload(PNG, 'carte.png', 'image/png')).statusCode).toBe(200);
    // Spent: a second upload is refused.
    expect((await upload(PNG, 'carte.png', 'image/png')).statusCode).toBe(410);

    const stored = await db().selectFrom('privacy_request_documents').selectAll().where('request_id', '=', id).executeTakeFirstOrThrow();
    const sealed = Buffer.from(stored.sealed);
    expect(sealed.length).toBeGreaterThan(PNG.length);
    expect(sealed.includes(PNG.subarray(0, 16))).toBe(false);
    expect(sealed.includes(Buffer.from('IHDR'))).toBe(false);

    const opened = await owner.get(`/admin/demandes/${id}/justificatif`);
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['content-type']).toBe('image/png');
    expect(opened.rawPayload.equals(PNG)).toBe(true);

    expect((await owner.submit(`/admin/demandes/${id}`, {}, `/admin/demandes/${id}/identite-verifiee`)).statusCode).toBe(303);
    expect(await db().selectFrom('privacy_request_documents').selectAll().where('request_id', '=', id).execute()).toEqual([]);
    const page = await owner.get(`/admin/demandes/${id}`);
    expect([...page.body.matchAll(/data-event="([a-z_]+)"/g)].map((m) => m[1])).toEqual(['submitted', 'confirmed', 'identity_asked', 'identity_received', 'identity_viewed', 'identity_checked']);
    // Erasure is offered once the identity is checked, after a page showing what would go.
    expect(page.body).toContain(`/admin/demandes/${id}/effacer`);
    expect((await owner.get(`/admin/demandes/${id}/effacer`)).statusCode).toBe(200);

    // Closing a request deletes a document still held (one asked and received, never checked).
    expect((await owner.submit(`/admin/demandes/${id}`, { text: 'Encore un doute.' }, `/admin/demandes/${id}/justificatif`)).statusCode).toBe(303);
    const second = await linkIn(email, 'privacy-request-identity');
    const boundary = 'again';
    const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="carte.png"\r\nContent-Type: image/png\r\n\r\n`), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    expect((await t.app.inject({ method: 'POST', url: second, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body })).statusCode).toBe(200);
    expect(await db().selectFrom('privacy_request_documents').select('request_id').where('request_id', '=', id).execute()).toHaveLength(1);
    expect((await owner.submit(`/admin/demandes/${id}`, {}, `/admin/demandes/${id}/clore`)).statusCode).toBe(303);
    expect(await db().selectFrom('privacy_request_documents').select('request_id').where('request_id', '=', id).execute()).toEqual([]);
  });

  it('answers access, restriction, objection and erasure through the privacy engine and the restrictions, and tells the person', async () => {
    const email = 'moteur@example.fr';
    await bookFor(email);

    const access = await confirmedRequest(email, 'access');
    expect((await owner.submit(`/admin/demandes/${access}`, {}, `/admin/demandes/${access}/envoyer-donnees`)).statusCode).toBe(303);
    const download = await t.app.inject(await linkIn(email, 'privacy-request-access'));
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('application/zip');

    const restriction = await confirmedRequest(email, 'restriction');
    expect((await owner.submit(`/admin/demandes/${restriction}`, { text: 'Votre demande est appliquée.' }, `/admin/demandes/${restriction}/limiter`)).statusCode).toBe(303);
    expect(await t.services.restrictions.isRestricted(email)).toBe(true);
    const objection = await confirmedRequest(email, 'objection');
    expect((await owner.submit(`/admin/demandes/${objection}`, { text: 'Vous ne recevrez plus de prospection.' }, `/admin/demandes/${objection}/opposition`)).statusCode).toBe(303);
    expect(await t.services.restrictions.isSuppressed(email)).toBe(true);

    const erasure = await confirmedRequest(email, 'erasure');
    const preview = await owner.get(`/admin/demandes/${erasure}/effacer`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Réservations');
    expect((await owner.submit(`/admin/demandes/${erasure}/effacer`, {}, `/admin/demandes/${erasure}/effacer`)).statusCode).toBe(303);
    expect(await db().selectFrom('customers').select('id').where('email_normalised', '=', email).execute()).toEqual([]);
    const [report] = await mailsTo(email, 'privacy-request-erasure');
    expect(report!.text_body).toMatch(/Réservations \(\d+\)\u00a0: anonymisation/);
    // The request stays, as the proof it was answered; its history says so.
    const page = await owner.get(`/admin/demandes/${erasure}`);
    expect(page.body).toContain('data-event="answered"');
  });

  it('shows directives left by an address on a later request made with it (an heir’s)', async () => {
    const email = 'defunt@example.fr';
    await confirmedRequest(email, 'directive', 'Je souhaite que toutes mes données soient effacées après mon décès.');
    const heir = await confirmedRequest(email, 'erasure');
    const page = await owner.get(`/admin/demandes/${heir}`);
    expect(page.body).toContain('data-directives');
    expect(pageText(page.body)).toContain('Je souhaite que toutes mes données soient effacées après mon décès.');
    const unrelated = await confirmedRequest('quelquun@example.fr', 'access');
    expect((await owner.get(`/admin/demandes/${unrelated}`)).body).not.toContain('data-directives');

    // On the customer's page too, for the owner.
    await bookFor(email);
    const { id: customerId } = await db().selectFrom('customers').select('id').where('email_normalised', '=', email).executeTakeFirstOrThrow();
    const customerPage = await owner.get(`/admin/clients/${customerId}`);
    expect(customerPage.body).toContain('data-directives');
    expect(pageText(customerPage.body)).toContain('Je souhaite que toutes mes données soient effacées après mon décès.');
  });

  it('shows an heir, writing from their own address, the directives the deceased person left (form in both languages and API)', async () => {
    const deceased = 'parti@example.fr';
    await confirmedRequest(deceased, 'directive', 'Effacez tout, sauf mes factures.');

    // The API: the heir names the deceased person's address (any case); the owner's page shows that person's directives.
    expect((await api({ type: 'erasure', email: 'heritiere@example.fr', deceasedEmail: ' Parti@Example.fr ' })).statusCode).toBe(202);
    const heirLink = await linkIn('heritiere@example.fr', 'privacy-request-confirm');
    expect((await confirmAt(heirLink)).statusCode).toBe(200);
    owner = await loggedInOwner(t);
    const heir = await db().selectFrom('privacy_requests').select(['id', 'deceased_email']).where('email', '=', 'heritiere@example.fr').executeTakeFirstOrThrow();
    expect(heir.deceased_email).toBe('parti@example.fr');
    const page = await owner.get(`/admin/demandes/${heir.id}`);
    expect(page.body).toContain('data-deceased-directives');
    expect(pageText(page.body)).toContain('Directives laissées par la personne décédée (parti@example.fr)');
    expect(pageText(page.body)).toContain('Effacez tout, sauf mes factures.');

    // The form, in English: the optional field is there without any script, and is stored.
    const form = await t.app.inject({ method: 'GET', url: '/en/my-rights' });
    expect(pageText(form.body)).toContain('E-mail address of the person who died');
    const sent = await postForm('/en/my-rights', 'type=access&email=heir%40example.com&deceasedEmail=nobody-left%40example.fr');
    expect(sent.statusCode).toBe(200);
    expect((await db().selectFrom('privacy_requests').select('deceased_email').where('email', '=', 'heir@example.com').executeTakeFirstOrThrow()).deceased_email).toBe('nobody-left@example.fr');
    // Left empty on the French form: an ordinary request.
    const plain = await postForm('/mes-droits', 'type=access&email=vivant%40example.fr&deceasedEmail=');
    expect(plain.statusCode).toBe(200);
    expect((await db().selectFrom('privacy_requests').select('deceased_email').where('email', '=', 'vivant@example.fr').executeTakeFirstOrThrow()).deceased_email).toBeNull();

    // A request naming an address that left nothing says so; an ordinary request shows no such section.
    const noneLeft = await confirmedRequest('autre-heritier@example.fr', 'question', 'Mon père avait-il un compte\u00a0?');
    await db().updateTable('privacy_requests').set({ deceased_email: 'sans-directives@example.fr' }).where('id', '=', noneLeft).execute();
    expect(pageText((await owner.get(`/admin/demandes/${noneLeft}`)).body)).toContain('Aucune directive n’a été laissée avec l’adresse sans-directives@example.fr.');
    const ordinary = await confirmedRequest('ordinaire@example.fr', 'access');
    expect((await owner.get(`/admin/demandes/${ordinary}`)).body).not.toContain('data-deceased-directives');
  });

  it('refuses a deceased person’s address that is not one with 422 and a field error in both languages, storing nothing', async () => {
    const before = (await db().selectFrom('privacy_requests').select('id').execute()).length;
    const fr = await api({ type: 'erasure', email: 'heritier@example.fr', deceasedEmail: 'pas une adresse' });
    expect(fr.statusCode).toBe(422);
    expect(fr.json()).toEqual({ errors: [{ field: 'deceasedEmail', message: 'Saisissez l’adresse e-mail de la personne décédée sous la forme nom@exemple.fr, ou laissez ce champ vide.' }] });
    const en = await api({ type: 'erasure', email: 'heritier@example.fr', deceasedEmail: 42 }, { language: 'en' });
    expect(en.statusCode).toBe(422);
    expect(en.json().errors).toEqual([{ field: 'deceasedEmail', message: expect.any(String) }]);
    const form = await postForm('/en/my-rights', 'type=erasure&email=heir%40example.com&deceasedEmail=not-an-address');
    expect(form.statusCode).toBe(422);
    expect(pageText(form.body)).toContain('Enter the e-mail address of the person who died as name@example.com, or leave this field empty.');
    expect(form.body).toContain('value="not-an-address"');
    expect(await db().selectFrom('privacy_requests').select('id').execute()).toHaveLength(before);
  });

  it('erases once and sends the data once when the owner clicks twice at the same time: one mail each, the same notice', async () => {
    const email = 'double-clic@example.fr';
    await bookFor(email);
    const erasure = await confirmedRequest(email, 'erasure');
    await owner.get(`/admin/demandes/${erasure}/effacer`);
    const erased = await Promise.all([owner.post(`/admin/demandes/${erasure}/effacer`), owner.post(`/admin/demandes/${erasure}/effacer`)]);
    expect(erased.map((r) => [r.statusCode, r.headers.location])).toEqual([
      [303, `/admin/demandes/${erasure}?fait=erased`],
      [303, `/admin/demandes/${erasure}?fait=erased`],
    ]);
    expect(await mailsTo(email, 'privacy-request-erasure')).toHaveLength(1);
    const answered = (id: string) => db().selectFrom('privacy_request_events').select('id').where('request_id', '=', id).where('kind', '=', 'answered').execute();
    expect(await answered(erasure)).toHaveLength(1);
    // Done is done: an hour later, a click on « Effacer » still erases and mails nothing more.
    t.clock.advance(HOUR);
    owner = await loggedInOwner(t);
    await owner.get(`/admin/demandes/${erasure}`);
    expect((await owner.post(`/admin/demandes/${erasure}/effacer`)).headers.location).toBe(`/admin/demandes/${erasure}?fait=erased`);
    expect(await mailsTo(email, 'privacy-request-erasure')).toHaveLength(1);

    const access = await confirmedRequest('double-envoi@example.fr', 'access');
    await owner.get(`/admin/demandes/${access}`);
    const sent = await Promise.all([owner.post(`/admin/demandes/${access}/envoyer-donnees`), owner.post(`/admin/demandes/${access}/envoyer-donnees`)]);
    expect(sent.map((r) => [r.statusCode, r.headers.location])).toEqual([
      [303, `/admin/demandes/${access}?fait=answered`],
      [303, `/admin/demandes/${access}?fait=answered`],
    ]);
    expect(await mailsTo('double-envoi@example.fr', 'privacy-request-access')).toHaveLength(1);
    // A third click a little later is still the same click; once the guard has passed, a fresh link may be sent.
    t.clock.advance(60_000);
    expect((await owner.post(`/admin/demandes/${access}/envoyer-donnees`)).statusCode).toBe(303);
    expect(await mailsTo('double-envoi@example.fr', 'privacy-request-access')).toHaveLength(1);
    t.clock.advance(10 * 60_000);
    owner = await loggedInOwner(t);
    await owner.get(`/admin/demandes/${access}`);
    expect((await owner.post(`/admin/demandes/${access}/envoyer-donnees`)).statusCode).toBe(303);
    expect(await mailsTo('double-envoi@example.fr', 'privacy-request-access')).toHaveLength(2);
    expect(await answered(access)).toHaveLength(2);
  });

  it('runs an erasure again that a stopped process left midway, once the double-click guard has passed, then never again', async () => {
    const email = 'arret-brutal@example.fr';
    await bookFor(email);
    const erasure = await confirmedRequest(email, 'erasure');
    // The step was taken, then the process stopped before erasing anything (a crash, a restart).
    await db().updateTable('privacy_requests').set({ answer_step: 'erase', answer_step_at: t.clock.now().toISOString() }).where('id', '=', erasure).execute();
    owner = await loggedInOwner(t);
    await owner.get(`/admin/demandes/${erasure}/effacer`);
    expect((await owner.post(`/admin/demandes/${erasure}/effacer`)).statusCode).toBe(303);
    // Inside the guard it reads as the same click: nothing is erased yet.
    expect(await mailsTo(email, 'privacy-request-erasure')).toHaveLength(0);
    expect(await db().selectFrom('customers').select('id').where('email_normalised', '=', email).execute()).toHaveLength(1);
    t.clock.advance(11 * 60_000);
    owner = await loggedInOwner(t);
    await owner.get(`/admin/demandes/${erasure}/effacer`);
    expect((await owner.post(`/admin/demandes/${erasure}/effacer`)).headers.location).toBe(`/admin/demandes/${erasure}?fait=erased`);
    expect(await mailsTo(email, 'privacy-request-erasure')).toHaveLength(1);
    expect(await db().selectFrom('customers').select('id').where('email_normalised', '=', email).execute()).toHaveLength(0);
    expect(await db().selectFrom('privacy_requests').select('answer_step').where('id', '=', erasure).executeTakeFirstOrThrow()).toEqual({ answer_step: 'erased' });
    t.clock.advance(HOUR);
    owner = await loggedInOwner(t);
    await owner.get(`/admin/demandes/${erasure}`);
    expect((await owner.post(`/admin/demandes/${erasure}/effacer`)).statusCode).toBe(303);
    expect(await mailsTo(email, 'privacy-request-erasure')).toHaveLength(1);
  });

  it('is the owner’s: staff get 403 on the list, a request and its actions, and see no count on the dashboard', async () => {
    if (!(await db().selectFrom('admin_users').select('id').where('email', '=', STAFF.email).executeTakeFirst())) await t.services.admin.createAccount(STAFF, 'fr', 'staff');
    const staff = new AdminClient(t);
    expect((await staff.login(STAFF)).statusCode).toBe(303);
    const id = await confirmedRequest('personnel@example.fr', 'question', 'Une question');
    expect((await staff.get('/admin/demandes')).statusCode).toBe(403);
    expect((await staff.get(`/admin/demandes/${id}`)).statusCode).toBe(403);
    await staff.get('/admin/compte');
    expect((await staff.post(`/admin/demandes/${id}/repondre`, { text: 'Réponse du personnel' })).statusCode).toBe(403);
    expect(await mailsTo('personnel@example.fr', 'privacy-request-answer')).toEqual([]);
    const dashboard = await staff.get('/admin');
    expect(dashboard.body).not.toContain('data-privacy-requests');
    expect(dashboard.body).not.toContain('/admin/demandes');
    // The directives left by a customer (the test above) are not shown to staff on the customer's page.
    const { id: customerId } = await db().selectFrom('customers').select('id').where('email_normalised', '=', 'defunt@example.fr').executeTakeFirstOrThrow();
    const customerPage = await staff.get(`/admin/clients/${customerId}`);
    expect(customerPage.statusCode).toBe(200);
    expect(customerPage.body).not.toContain('data-directives');
  });

  it('finds, exports and erases a person’s requests through its port, keeping the proof of answered ones on its ground', async () => {
    const email = 'portee@example.fr';
    const confirmedId = await confirmedRequest(email, 'question', 'Une question pour le port');
    await api({ type: 'access', email: 'Portee@Example.fr' });
    const ctx = { db: db(), now: t.clock.now(), dataDir: t.db.dataDir, archive: { put: async () => {} } };
    const subject = { customerId: null, emails: [email] };
    const port = rightsRegister.personalData!;
    expect(await port.find(ctx, subject)).toEqual([expect.objectContaining({ kind: 'privacy-requests', count: 2 })]);
    const exported = await port.export(ctx, subject);
    expect(exported.map((r) => [r.kind, r.rows.length])).toEqual([
      ['privacy-requests', 1],
      ['privacy-request-steps', 2],
    ]);
    expect(exported[0]!.rows[0]).toMatchObject({ id: confirmedId, type: 'question', details: 'Une question pour le port' });
    const lines = await port.erase(ctx, subject);
    expect(lines.map((l) => [l.kind, l.action, l.count])).toEqual([
      ['privacy-requests-unconfirmed', 'deleted', 1],
      ['privacy-requests', 'kept', 1],
    ]);
    expect(lines[1]!.ground?.fr).toContain('Code civil');
    expect(lines[1]!.until).toBe('2031-11-26');
    // Idempotent: nothing more to delete, the proof still kept.
    expect((await port.erase(ctx, subject)).map((l) => [l.kind, l.action, l.count])).toEqual([['privacy-requests', 'kept', 1]]);
  });

  it('declares its retention: unconfirmed requests after a day, closed ones 5 years after closing', async () => {
    const rules = t.services.privacy.retentionRules.filter((r) => r.activity === 'privacy-requests');
    expect(rules.map((r) => [r.id, r.keep])).toEqual([
      ['privacy-requests.unconfirmed', { days: 1 }],
      ['privacy-requests.closed', { years: 5 }],
    ]);
    const ctx = { db: db(), now: t.clock.now(), dataDir: t.db.dataDir, archive: { put: async () => {} } };
    const closed = rules[1]!;
    const before = await closed.apply(ctx, new Date(t.clock.now().getTime() - 5 * 365 * DAY), { dryRun: true });
    expect(before).toBe(0);
    const all = await closed.apply(ctx, new Date('2100-01-01T00:00:00Z'), { dryRun: true });
    expect(all).toBeGreaterThan(0);
  });
});

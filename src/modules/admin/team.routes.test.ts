import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_NOW, type TestApp } from '../../../test/support/app.js';
import { AdminClient, fieldErrorOf, loggedInOwner, OWNER, pageText } from '../../../test/support/admin-client.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';
import { sha256Hex } from '../../platform/ids.js';

const HOUR = 3_600_000;
const STAFF = { email: 'staff@wservicesparis.com', password: 'une autre phrase de passe longue' };

const fr = {
  ownerOnly: 'Cette page est réservée au responsable',
  invitationInvalid: 'Ce lien d’invitation n’est plus valable',
  resetInvalid: 'Ce lien de réinitialisation n’est plus valable',
  forgotSent: 'Si cette adresse correspond à un compte, un e-mail vient de lui être envoyé',
  wrongCode: 'Ce code n’est pas valable',
  loginExpired: 'Votre connexion a expiré ou a reçu trop de codes erronés',
  lastOwner: 'Impossible de retirer le dernier responsable',
  invalidCredentials: 'Adresse e-mail ou mot de passe incorrect.',
};

/** Where the back office gives the owner only: every route under these is declared `ownerOnly`, and no other. */
const OWNER_AREAS = ['/admin/export', '/admin/factures', '/admin/paiements', '/admin/courriels', '/admin/taches', '/admin/equipe', '/admin/parametres', '/admin/prestations', '/admin/seances', '/admin/horaires', '/admin/fermetures', '/admin/agenda/flux', '/admin/demandes', '/admin/archives', '/admin/politique', '/admin/registre', '/admin/registre.csv'];
/** Owner-only actions inside an area staff share: a customer's data export and erasure (privacy engine), and the controller's decisions on their data rights (restrictions module). */
const OWNER_ACTIONS = [/^\/admin\/clients\/:id\/(export-donnees|effacer|limiter|lever-limitation|opposition-prospection|destinataires-informes)$/];
const inOwnerArea = (url: string) => OWNER_AREAS.some((area) => url === area || url.startsWith(`${area}/`)) || OWNER_ACTIONS.some((action) => action.test(url));

async function loggedIn(t: TestApp, credentials: { email: string; password: string }): Promise<AdminClient> {
  const client = new AdminClient(t);
  const response = await client.login(credentials);
  if (response.statusCode !== 303) throw new Error(`login answered ${response.statusCode}`);
  return client;
}

async function staffAccount(t: TestApp, credentials = STAFF): Promise<AdminClient> {
  const existing = await t.db.database.db.selectFrom('admin_users').select('id').where('email', '=', credentials.email).executeTakeFirst();
  if (!existing) await t.services.admin.createAccount(credentials, 'fr', 'staff');
  return loggedIn(t, credentials);
}

/** The link of the last mail of `kind` to `recipient`, as a path under BASE_URL. */
async function linkInMail(t: TestApp, kind: string, recipient: string): Promise<string> {
  const rows = await t.db.database.db.selectFrom('outbox_messages').select(['text_body', 'created_at', 'id']).where('kind', '=', kind).where('recipient', '=', recipient).orderBy('id', 'desc').execute();
  expect(rows.length, `${kind} to ${recipient}`).toBeGreaterThan(0);
  const url = /http:\/\/localhost:3000(\/admin\/\S+)/.exec(rows[0]!.text_body)?.[1];
  expect(url).toBeTruthy();
  return url!;
}

async function mailsOf(t: TestApp, kind: string) {
  return t.db.database.db.selectFrom('outbox_messages').select(['recipient', 'subject', 'text_body', 'html_body', 'locale']).where('kind', '=', kind).execute();
}

function codeAt(secret: string, at: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });
}

/** Enrols the client's account in TOTP through the pages; returns the secret and the recovery codes shown. */
async function enrol(t: TestApp, client: AdminClient): Promise<{ secret: string; codes: string[] }> {
  const page = await client.get('/admin/compte/double-authentification');
  expect(page.statusCode).toBe(200);
  const secret = /<code class="totp-secret">([^<]+)<\/code>/.exec(page.body)![1]!.replace(/\s/g, '');
  expect(page.body).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="[^"]+"/);
  const confirmed = await client.post('/admin/compte/double-authentification', { code: codeAt(secret, t.clock.now().getTime()) });
  expect(confirmed.statusCode).toBe(200);
  const codes = [...confirmed.body.matchAll(/<li><code>([0-9A-Z]{5}-[0-9A-Z]{5})<\/code><\/li>/g)].map((m) => m[1]!);
  expect(codes).toHaveLength(10);
  return { secret, codes };
}

/** Logs in with a password then a code; returns the client and the code page's answer. */
async function loginWithCode(t: TestApp, credentials: { email: string; password: string }, code: string) {
  const client = new AdminClient(t);
  const first = await client.login(credentials);
  expect(first.statusCode).toBe(303);
  expect(first.headers.location).toBe('/admin/connexion/code');
  expect(client.cookies.get('ws_admin')).toBeUndefined();
  // No session yet: the back office still asks for a login.
  expect((await client.get('/admin')).headers.location).toBe('/admin/connexion?suivant=%2Fadmin');
  expect((await client.get('/admin/connexion/code')).statusCode).toBe(200);
  const second = await client.post('/admin/connexion/code', { code });
  return { client, response: second };
}

describeEachDialect('the team', (dialect: DialectName) => {
  describe('roles', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t?.close());

    it('declares owner-only exactly the owner’s areas, and answers every route by role: anonymous → login, staff → 403 there and allowed elsewhere, owner → allowed', async () => {
      const guarded = t.routes.filter((r) => (r.url === '/admin' || r.url.startsWith('/admin/')) && !r.adminPublic);
      expect(guarded.length).toBeGreaterThan(40);
      expect(guarded.filter((r) => r.ownerOnly !== inOwnerArea(r.url)).map((r) => `${r.method} ${r.url}`)).toEqual([]);
      const ownerOnly = guarded.filter((r) => r.ownerOnly);
      expect(ownerOnly.map((r) => r.url)).toEqual(expect.arrayContaining(['/admin/export', '/admin/export/clients.csv', '/admin/courriels', '/admin/taches', '/admin/equipe', '/admin/prestations', '/admin/agenda/flux/renouveler']));

      const owner = await loggedInOwner(t);
      const staff = await staffAccount(t);
      const anonymous = new AdminClient(t);
      await anonymous.get('/admin/connexion');
      const db = t.db.database.db;
      const snapshot = async () => ({
        bookings: await db.selectFrom('bookings').selectAll().orderBy('id').execute(),
        services: await db.selectFrom('services').selectAll().orderBy('id').execute(),
        hours: await db.selectFrom('opening_hours').select(['weekday', 'opens_at', 'closes_at']).orderBy('weekday').orderBy('opens_at').execute(),
        closures: await db.selectFrom('closures').selectAll().orderBy('id').execute(),
        outbox: await db.selectFrom('outbox_messages').selectAll().orderBy('id').execute(),
        settings: await db.selectFrom('app_settings').selectAll().orderBy('key').execute(),
        invitations: await db.selectFrom('admin_invitations').selectAll().execute(),
        roles: await db.selectFrom('admin_users').select(['id', 'role']).orderBy('id').execute(),
      });

      const request = async (client: AdminClient, route: { method: string; url: string }) => {
        if (route.method === 'GET' || route.method === 'HEAD') await client.get('/admin/compte'); // a page of the session, for its CSRF token
        else await client.get('/admin/compte');
        const url = route.url.replace(/:(\w+)/g, 'x-$1');
        const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
        return t.app.inject({
          method: route.method as 'GET',
          url,
          remoteAddress: client.remoteAddress,
          headers: { 'accept-language': 'fr', 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
          ...(route.method === 'GET' || route.method === 'HEAD' ? {} : { payload: new URLSearchParams({ _csrf: client.csrfToken ?? '' }).toString() }),
        });
      };

      const before = await snapshot();
      for (const route of guarded) {
        const label = `${route.method} ${route.url}`;
        const nobody = await request(anonymous, route);
        expect(nobody.statusCode, `anonymous ${label}`).toBe(303);
        expect(nobody.headers.location, `anonymous ${label}`).toMatch(/^\/admin\/connexion/);

        const asStaff = await request(staff, route);
        if (route.ownerOnly) {
          expect(asStaff.statusCode, `staff ${label}`).toBe(403);
          if (route.method !== 'HEAD') expect(pageText(asStaff.body), `staff ${label}`).toContain(fr.ownerOnly);
        } else {
          expect(asStaff.statusCode, `staff ${label}`).not.toBe(403);
          expect(asStaff.headers.location ?? '', `staff ${label}`).not.toMatch(/^\/admin\/connexion/);
          expect(asStaff.statusCode, `staff ${label}`).toBeLessThan(500);
        }
      }
      // A staff member refused changed nothing.
      expect(await snapshot()).toEqual(before);

      for (const route of guarded) {
        const label = `owner ${route.method} ${route.url}`;
        const asOwner = await request(owner, route);
        expect(asOwner.statusCode, label).not.toBe(403);
        expect(asOwner.statusCode, label).toBeLessThan(500);
        expect(asOwner.headers.location ?? '', label).not.toMatch(/^\/admin\/connexion/);
      }
    });

    it('hides the owner’s links from staff, says why in English too, and keeps the agenda’s private feed address from staff', async () => {
      const staff = await staffAccount(t);
      const agenda = await staff.get('/admin/agenda');
      expect(agenda.statusCode).toBe(200);
      for (const href of ['/admin/export', '/admin/factures', '/admin/courriels', '/admin/taches', '/admin/equipe', '/admin/prestations', '/admin/horaires', '/admin/fermetures']) expect(agenda.body).not.toContain(`href="${href}"`);
      for (const href of ['/admin/agenda', '/admin/reservations', '/admin/clients', '/admin/compte']) expect(agenda.body).toContain(`href="${href}"`);
      expect(agenda.body).not.toContain('/agenda/');
      expect(agenda.body).not.toContain('webcal://');

      const owner = await loggedInOwner(t);
      const ownerAgenda = await owner.get('/admin/agenda');
      expect(ownerAgenda.body).toContain('href="/admin/equipe"');
      expect(ownerAgenda.body).toContain('webcal://');

      const english = new AdminClient(t, { locale: 'en' });
      await english.login(STAFF);
      const refused = await english.get('/admin/export');
      expect(refused.statusCode).toBe(403);
      expect(pageText(refused.body)).toContain('This page is for the owner only');
    });

    it('the database refuses a role other than owner or staff', async () => {
      await expect(
        t.db.database.db
          .insertInto('admin_users')
          .values({ id: 'x-role', email: 'role@example.fr', password_hash: 'x', role: 'admin' as 'owner', created_at: TEST_NOW, last_login_at: null, code_failures: 0 })
          .execute(),
      ).rejects.toThrow(/check/i);
    });
  });

  describe('invitations and removal', () => {
    let t: TestApp;
    let owner: AdminClient;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      owner = await loggedInOwner(t);
    });
    afterAll(() => t?.close());

    it('invites by e-mail: a one-time link valid 48 hours, mailed through the outbox; the invitee chooses a password and gets the role chosen', async () => {
      const invalid = await owner.submit('/admin/equipe', { email: 'pas une adresse', role: 'staff' }, '/admin/equipe/inviter');
      expect(invalid.statusCode).toBe(422);
      expect(fieldErrorOf(invalid.body, 'email')).toBe('Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.');
      const taken = await owner.submit('/admin/equipe', { email: OWNER.email, role: 'staff' }, '/admin/equipe/inviter');
      expect(taken.statusCode).toBe(409);
      expect(fieldErrorOf(taken.body, 'email')).toBe('Cette adresse e-mail a déjà un compte dans l’équipe.');
      expect(await mailsOf(t, 'admin-invitation')).toEqual([]);

      const sent = await owner.submit('/admin/equipe', { email: ' Nouvelle@Example.fr ', role: 'staff' }, '/admin/equipe/inviter');
      expect(sent.statusCode).toBe(303);
      const team = await owner.get(sent.headers.location as string);
      expect(pageText(team.body)).toContain('nouvelle@example.fr');
      const [mail] = await mailsOf(t, 'admin-invitation');
      expect(mail).toMatchObject({ recipient: 'nouvelle@example.fr', locale: 'fr' });
      expect(mail!.text_body).toContain('48\u00a0heures');
      const link = await linkInMail(t, 'admin-invitation', 'nouvelle@example.fr');
      const token = link.split('/').pop()!;
      // Stored only as its SHA-256.
      const stored = await t.db.database.db.selectFrom('admin_invitations').select('token_hash').execute();
      expect(stored).toEqual([{ token_hash: sha256Hex(token) }]);

      const invitee = new AdminClient(t);
      const page = await invitee.get(link);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('value="nouvelle@example.fr"');
      const short = await invitee.post(link, { password: 'court' });
      expect(short.statusCode).toBe(422);
      expect(fieldErrorOf(short.body, 'password')).toContain('au moins 12 caractères');
      const accepted = await invitee.post(link, { password: 'ma phrase de passe à moi' });
      expect(accepted.statusCode).toBe(303);
      expect(accepted.headers.location).toBe('/admin');
      expect((await invitee.get('/admin/agenda')).statusCode).toBe(200);
      expect((await invitee.get('/admin/equipe')).statusCode).toBe(403);
      const account = await t.db.database.db.selectFrom('admin_users').select(['role']).where('email', '=', 'nouvelle@example.fr').executeTakeFirstOrThrow();
      expect(account.role).toBe('staff');

      // Used twice: refused, with the way out.
      const again = await new AdminClient(t).get(link);
      expect(again.statusCode).toBe(404);
      expect(pageText(again.body)).toContain(fr.invitationInvalid);
      const other = new AdminClient(t);
      await other.get('/admin/mot-de-passe-oublie');
      expect((await other.post(link, { password: 'une phrase de passe pirate' })).statusCode).toBe(404);
    });

    it('an invitation as owner gives the owner role; an expired or forged link is refused', async () => {
      await owner.submit('/admin/equipe', { email: 'associe@example.fr', role: 'owner' }, '/admin/equipe/inviter');
      const ownerLink = await linkInMail(t, 'admin-invitation', 'associe@example.fr');
      const associate = new AdminClient(t);
      await associate.get(ownerLink);
      expect((await associate.post(ownerLink, { password: 'la phrase de l’associé' })).statusCode).toBe(303);
      expect((await associate.get('/admin/equipe')).statusCode).toBe(200);

      await owner.submit('/admin/equipe', { email: 'tard@example.fr', role: 'staff' }, '/admin/equipe/inviter');
      const late = await linkInMail(t, 'admin-invitation', 'tard@example.fr');
      t.clock.advance(48 * HOUR + 1000);
      try {
        const expired = await new AdminClient(t).get(late);
        expect(expired.statusCode).toBe(404);
        expect(pageText(expired.body)).toContain(fr.invitationInvalid);
      } finally {
        t.clock.set(TEST_NOW);
      }
      const forged = await new AdminClient(t).get('/admin/invitation/forged-token-that-was-never-issued');
      expect(forged.statusCode).toBe(404);
      expect(pageText(forged.body)).toContain(fr.invitationInvalid);
    });

    it('removes a member: their sessions end at once; the last owner can never be removed', async () => {
      const staff = await staffAccount(t);
      expect((await staff.get('/admin/agenda')).statusCode).toBe(200);
      const member = await t.db.database.db.selectFrom('admin_users').select('id').where('email', '=', STAFF.email).executeTakeFirstOrThrow();
      const confirm = await owner.get(`/admin/equipe/membres/${member.id}/retirer`);
      expect(confirm.statusCode).toBe(200);
      const removed = await owner.post(`/admin/equipe/membres/${member.id}/retirer`);
      expect(removed.statusCode).toBe(303);
      const after = await staff.get('/admin/agenda');
      expect(after.statusCode).toBe(303);
      expect(after.headers.location).toMatch(/^\/admin\/connexion/);
      expect(await t.db.database.db.selectFrom('admin_sessions').select('id').where('admin_id', '=', member.id).execute()).toEqual([]);
      expect((await new AdminClient(t).login(STAFF)).statusCode).toBe(401);

      // Two owners (the associate invited above): one may remove the other, but not the last one.
      const owners = await t.db.database.db.selectFrom('admin_users').select(['id', 'email']).where('role', '=', 'owner').execute();
      expect(owners).toHaveLength(2);
      const associate = owners.find((o) => o.email === 'associe@example.fr')!;
      expect((await owner.submit(`/admin/equipe/membres/${associate.id}/retirer`, {})).statusCode).toBe(303);
      const self = owners.find((o) => o.email === OWNER.email)!;
      const refused = await owner.submit(`/admin/equipe/membres/${self.id}/retirer`, {});
      expect(refused.statusCode).toBe(409);
      expect(pageText(refused.body)).toContain(fr.lastOwner);
      expect((await owner.get('/admin/equipe')).statusCode).toBe(200);
    });
  });

  describe('passwords', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await t.services.admin.createAccount(OWNER, 'fr');
    });
    afterAll(() => t?.close());

    it('changes one’s password with the current one; the other sessions end, this one stays', async () => {
      const here = await loggedInOwner(t);
      const elsewhere = await loggedInOwner(t);
      const wrong = await here.submit('/admin/compte', { currentPassword: 'pas le bon mot de passe', password: 'une nouvelle phrase de passe' }, '/admin/compte/mot-de-passe');
      expect(wrong.statusCode).toBe(422);
      expect(fieldErrorOf(wrong.body, 'currentPassword')).toBe('Ce n’est pas votre mot de passe actuel.');
      const changed = await here.submit('/admin/compte', { currentPassword: OWNER.password, password: 'une nouvelle phrase de passe' }, '/admin/compte/mot-de-passe');
      expect(changed.statusCode).toBe(303);
      expect((await here.get('/admin')).statusCode).toBe(200);
      expect((await elsewhere.get('/admin')).statusCode).toBe(303);
      expect((await new AdminClient(t).login(OWNER)).statusCode).toBe(401);
      await t.services.admin.createOrResetAccount(OWNER, 'fr');
    });

    it('« Mot de passe oublié ? » answers the same whether or not the address is known, and mails a link only to a known one', async () => {
      const login = await new AdminClient(t).get('/admin/connexion');
      expect(login.body).toContain('href="/admin/mot-de-passe-oublie"');
      expect(pageText(login.body)).toContain('Mot de passe oublié\u00a0?');

      const known = new AdminClient(t);
      const unknown = new AdminClient(t);
      const a = await known.submit('/admin/mot-de-passe-oublie', { email: OWNER.email });
      const b = await unknown.submit('/admin/mot-de-passe-oublie', { email: 'personne@example.fr' });
      expect(a.statusCode).toBe(200);
      expect(b.statusCode).toBe(200);
      expect(pageText(a.body)).toBe(pageText(b.body));
      expect(pageText(a.body)).toContain(fr.forgotSent);
      const mails = await mailsOf(t, 'admin-password-reset');
      expect(mails.map((m) => m.recipient)).toEqual([OWNER.email]);
      const malformed = await new AdminClient(t).submit('/admin/mot-de-passe-oublie', { email: 'pas-une-adresse' });
      expect(malformed.statusCode).toBe(422);
    });

    it('a reset link works once, within the hour, and ends every session of the account; forged, expired or used links are refused', async () => {
      const session = await loggedInOwner(t);
      await new AdminClient(t).submit('/admin/mot-de-passe-oublie', { email: OWNER.email });
      const link = await linkInMail(t, 'admin-password-reset', OWNER.email);
      const token = link.split('/').pop()!;
      const stored = await t.db.database.db.selectFrom('admin_password_resets').select('token_hash').execute();
      expect(stored.map((r) => r.token_hash)).toContain(sha256Hex(token));
      expect(JSON.stringify(stored)).not.toContain(token);

      const browser = new AdminClient(t);
      expect((await browser.get(link)).statusCode).toBe(200);
      const short = await browser.post(link, { password: 'court' });
      expect(short.statusCode).toBe(422);
      const done = await browser.post(link, { password: 'la phrase de passe retrouvée' });
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe('/admin/connexion?reinitialise=1');
      expect((await session.get('/admin')).statusCode).toBe(303);
      expect((await new AdminClient(t).login(OWNER)).statusCode).toBe(401);
      expect((await new AdminClient(t).login({ email: OWNER.email, password: 'la phrase de passe retrouvée' })).statusCode).toBe(303);

      const twice = await new AdminClient(t).get(link);
      expect(twice.statusCode).toBe(404);
      expect(pageText(twice.body)).toContain(fr.resetInvalid);
      const forged = await new AdminClient(t).get('/admin/mot-de-passe-oublie/forged-token');
      expect(forged.statusCode).toBe(404);

      await new AdminClient(t).submit('/admin/mot-de-passe-oublie', { email: OWNER.email });
      const late = await linkInMail(t, 'admin-password-reset', OWNER.email);
      expect(late).not.toBe(link);
      t.clock.advance(HOUR + 1000);
      try {
        expect((await new AdminClient(t).get(late)).statusCode).toBe(404);
      } finally {
        t.clock.set(TEST_NOW);
      }
      await t.services.admin.createOrResetAccount(OWNER, 'fr');
    });
  });

  describe('two-factor authentication', () => {
    let t: TestApp;
    let secret: string;
    let codes: string[];
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await t.services.admin.createAccount(OWNER, 'fr');
    });
    afterAll(() => t?.close());

    it('enrols with a QR code and a first code, stores the secret encrypted, then asks for a code after the password; a code used once is refused', async () => {
      const owner = await loggedInOwner(t);
      const other = await loggedInOwner(t);
      const wrong = await owner.submit('/admin/compte/double-authentification', { code: '000000' });
      expect(wrong.statusCode).toBe(422);
      ({ secret, codes } = await enrol(t, owner));
      const row = await t.db.database.db.selectFrom('admin_users').select(['totp_secret', 'totp_enabled_at']).executeTakeFirstOrThrow();
      expect(row.totp_enabled_at).not.toBeNull();
      expect(row.totp_secret).toMatch(/^v1\./);
      expect(row.totp_secret).not.toContain(secret);
      // Turning it on ends the other sessions (opened without it).
      expect((await other.get('/admin')).statusCode).toBe(303);
      expect((await owner.get('/admin')).statusCode).toBe(200);

      // The code of the enrolment's step was spent by the enrolment itself.
      const replayed = await loginWithCode(t, OWNER, codeAt(secret, t.clock.now().getTime()));
      expect(replayed.response.statusCode).toBe(422);
      expect(fieldErrorOf(replayed.response.body, 'code')).toContain(fr.wrongCode);

      t.clock.advance(30_000);
      const code = codeAt(secret, t.clock.now().getTime());
      const first = await loginWithCode(t, OWNER, code);
      expect(first.response.statusCode).toBe(303);
      expect((await first.client.get('/admin')).statusCode).toBe(200);
      const again = await loginWithCode(t, OWNER, code);
      expect(again.response.statusCode).toBe(422);
      expect(fieldErrorOf(again.response.body, 'code')).toContain(fr.wrongCode);
      expect(again.client.cookies.get('ws_admin')).toBeUndefined();
    });

    it('a recovery code opens one login, once', async () => {
      // The password alone no longer opens a session.
      expect((await new AdminClient(t).login(OWNER)).headers.location).toBe('/admin/connexion/code');
      const used = await loginWithCode(t, OWNER, ` ${codes[3]!.toLowerCase()} `);
      expect(used.response.statusCode).toBe(303);
      const twice = await loginWithCode(t, OWNER, codes[3]!);
      expect(twice.response.statusCode).toBe(422);
      expect(fieldErrorOf(twice.response.body, 'code')).toContain(fr.wrongCode);
      const account = await t.services.admin.accountForSession(used.client.cookies.get('ws_admin')!);
      expect(await t.services.twoFactor.status(account!)).toEqual({ enabled: true, recoveryCodesLeft: 9 });
      const hashes = await t.db.database.db.selectFrom('admin_recovery_codes').select('code_hash').execute();
      expect(JSON.stringify(hashes)).not.toContain(codes[0]!.replace('-', ''));
      // Another code still works.
      expect((await loginWithCode(t, OWNER, codes[4]!)).response.statusCode).toBe(303);
    });

    it('five wrong codes end the login; the password must be typed again', async () => {
      const client = new AdminClient(t);
      expect((await client.login(OWNER)).headers.location).toBe('/admin/connexion/code');
      await client.get('/admin/connexion/code');
      for (let i = 0; i < 4; i++) expect((await client.post('/admin/connexion/code', { code: '123456' })).statusCode).toBe(422);
      const fifth = await client.post('/admin/connexion/code', { code: '123456' });
      expect(fifth.statusCode).toBe(401);
      expect(pageText(fifth.body)).toContain(fr.loginExpired);
      expect((await client.get('/admin/connexion/code')).headers.location).toBe('/admin/connexion');
    });

    it('the member turns it off with their password, unless the owner requires it; when required, a member without it is sent to enrol before anything else', async () => {
      await t.db.database.db.updateTable('admin_users').set({ code_failures: 0, code_locked_until: null }).execute();
      await t.services.admin.createAccount(STAFF, 'fr', 'staff');
      const staff = await loggedIn(t, STAFF);
      t.clock.advance(30_000);
      expect(await ownerSecret(t)).toBe(secret);
      const owner = await loginWithCode(t, OWNER, codeAt(secret, t.clock.now().getTime()));
      expect(owner.response.statusCode).toBe(303);
      const required = await owner.client.submit('/admin/equipe', { required: 'on' }, '/admin/equipe/double-authentification');
      expect(required.statusCode).toBe(303);

      const sent = await staff.get('/admin/agenda');
      expect(sent.statusCode).toBe(303);
      expect(sent.headers.location).toBe('/admin/compte/double-authentification');
      const enrolPage = await staff.get('/admin/compte/double-authentification');
      expect(pageText(enrolPage.body)).toContain('Le responsable exige la double authentification');
      const post = await t.app.inject({ method: 'POST', url: '/admin/clients/x/notes', headers: { cookie: `ws_admin=${staff.cookies.get('ws_admin')}` } });
      expect(post.statusCode).toBe(303);
      expect(post.headers.location).toBe('/admin/compte/double-authentification');
      await enrol(t, staff);
      expect((await staff.get('/admin/agenda')).statusCode).toBe(200);
      const refused = await staff.submit('/admin/compte', { password: STAFF.password }, '/admin/compte/double-authentification/desactiver');
      expect(refused.statusCode).toBe(409);

      await owner.client.submit('/admin/equipe', {}, '/admin/equipe/double-authentification');
      const wrongPassword = await staff.submit('/admin/compte', { password: 'pas le bon' }, '/admin/compte/double-authentification/desactiver');
      expect(wrongPassword.statusCode).toBe(422);
      expect(fieldErrorOf(wrongPassword.body, 'disable-password')).toBe('Mot de passe incorrect.');
      const off = await staff.submit('/admin/compte', { password: STAFF.password }, '/admin/compte/double-authentification/desactiver');
      expect(off.statusCode).toBe(303);
      expect((await t.db.database.db.selectFrom('admin_recovery_codes').innerJoin('admin_users', 'admin_users.id', 'admin_recovery_codes.admin_id').select('code_hash').where('email', '=', STAFF.email).execute())).toEqual([]);
      expect((await new AdminClient(t).login(STAFF)).headers.location).toBe('/admin');
    });
  });
});

async function ownerSecret(t: TestApp): Promise<string> {
  // The test reads the secret back the way the application does: through the service's own sealing key.
  const { createSealer } = await import('../../platform/encryption.js');
  const row = await t.db.database.db.selectFrom('admin_users').select(['id', 'totp_secret']).where('email', '=', OWNER.email).executeTakeFirstOrThrow();
  return createSealer(t.config.secretKey, 'admin-totp-secret').open(row.totp_secret!, row.id)!;
}

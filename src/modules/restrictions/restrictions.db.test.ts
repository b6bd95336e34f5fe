import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, customer, TEST_SECRET, type TestApp } from '../../../test/support/app.js';
import { AdminClient, fieldErrorOf, loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';
import { cutoffBefore, type DataSubject, type PortContext } from '../../platform/privacy-register.js';
import type { Booking } from '../booking/index.js';
import type { MailCategory, OutboxMessage } from '../outbox/index.js';
import { restrictionsRegister, restrictionsRegisterFor } from './index.js';

const at = (date: string, hhmm: string) => `${date}T${hhmm}:00+01:00`;

describeEachDialect('restrictions, objections and recipients told', (dialect: DialectName) => {
  let t: TestApp;
  let owner: AdminClient;
  let claire: Booking;
  let bruno: Booking;
  const db = () => t.db.database.db;

  beforeAll(async () => {
    // Stripe configured: it is one of the recipients to tell (art. 19).
    t = await createTestApp(dialect, { onlinePaymentProviders: ['stripe'] });
    owner = await loggedInOwner(t);
    const book = async (start: string, overrides: Record<string, unknown>) =>
      (await t.services.booking.bookSlot({ service: 'diagnostic-informatique', start, customer: customer(overrides), requestEarlyPerformance: true }, { locale: 'fr', source: 'web', requireTermsAcceptance: false })).booking;
    claire = await book(at('2026-11-30', '10:00'), { email: 'Claire.Martin@Example.fr' });
    bruno = await book(at('2026-12-01', '10:00'), { email: 'bruno@example.fr', lastName: 'Bruno', firstName: 'Élie' });
  });
  afterAll(() => t?.close());

  /** Queues one message of a category, as a future newsletter or survey sender would. */
  const enqueue = (recipient: string, category: MailCategory, kind: string = category) =>
    t.services.outbox.enqueue(db(), { kind, category, recipient, locale: 'fr', subject: `Message ${kind}`, text: kind, html: `<p>${kind}</p>` });

  async function deliverAll(): Promise<void> {
    while (await t.services.outbox.deliverDue()) {
      /* until nothing is due */
    }
  }

  const message = async (id: string) => (await t.services.outbox.get(id)) as OutboxMessage;

  it('a restricted person still gets their booking mails, but no marketing nor survey; the refusal is recorded, not an error', async () => {
    const { restrictions } = t.services;
    const restriction = await restrictions.restrict('  claire.martin@example.FR ', { reason: 'Conteste l’exactitude de son adresse', by: 'demande D-1' });
    expect(restriction.customerId).toBe(claire.customerId);
    // A second request while it holds keeps the first one.
    expect((await restrictions.restrict('claire.martin@example.fr', { reason: 'Encore', by: 'owner@example.fr' })).id).toBe(restriction.id);
    expect(await restrictions.isRestricted('Claire.Martin@example.fr')).toBe(true);
    expect(await restrictions.isRestricted('bruno@example.fr')).toBe(false);

    // The confirmation was queued before the restriction and is delivered after it: a booking requires it.
    const confirmation = (await t.services.outbox.forBooking(claire.id)).find((m) => m.kind === 'booking-confirmation')!;
    expect(confirmation.category).toBe('transactional');
    const ids = {
      marketing: await enqueue('claire.martin@example.fr', 'marketing'),
      survey: await enqueue('CLAIRE.MARTIN@example.fr', 'survey'),
      information: await enqueue('claire.martin@example.fr', 'information'),
      legal: await enqueue('claire.martin@example.fr', 'legal'),
      otherMarketing: await enqueue('bruno@example.fr', 'marketing'),
    };
    // A booking made while the restriction holds: its confirmation goes too.
    const during = (await t.services.booking.bookSlot({ service: 'diagnostic-informatique', start: at('2026-12-02', '10:00'), customer: customer({ email: 'claire.martin@example.fr' }), requestEarlyPerformance: true }, { locale: 'fr', source: 'web', requireTermsAcceptance: false })).booking;
    await deliverAll();

    expect((await message(confirmation.id)).status).toBe('saved');
    const duringMails = await t.services.outbox.forBooking(during.id);
    expect(duringMails.find((m) => m.kind === 'booking-confirmation')).toMatchObject({ status: 'saved', category: 'transactional' });
    for (const id of [ids.information, ids.legal, ids.otherMarketing]) expect((await message(id)).status).toBe('saved');
    for (const id of [ids.marketing, ids.survey]) expect(await message(id)).toMatchObject({ status: 'skipped', skipReason: 'restricted', attempts: 0 });
    // Nothing failed: no dead job, no failed message.
    expect((await t.services.outbox.counts()).failed).toBe(0);
    expect((await t.services.jobs.counts()).dead).toBe(0);
    // The owner reads why.
    const page = await owner.get(`/admin/courriels/${ids.marketing}`);
    expect(pageText(page.body)).toContain('Non envoyé\u00a0: le traitement des données de ce destinataire est limité (RGPD, art.\u00a018).');

    // Lifted: marketing goes again.
    await restrictions.lift('claire.martin@example.fr', { by: 'demande D-1' });
    expect(await restrictions.isRestricted('claire.martin@example.fr')).toBe(false);
    await expect(restrictions.lift('claire.martin@example.fr', { by: 'x' })).rejects.toMatchObject({ code: 'RESTRICTION_NOT_IN_FORCE' });
    const after = await enqueue('claire.martin@example.fr', 'marketing');
    await deliverAll();
    expect((await message(after)).status).toBe('saved');
  });

  it('a restriction follows the customer record when the address is rectified', async () => {
    const { restrictions } = t.services;
    await restrictions.restrict('bruno@example.fr', { reason: 'Opposition en cours d’examen', by: 'owner' });
    await db().updateTable('customers').set({ email: 'elie.bruno@example.fr', email_normalised: 'elie.bruno@example.fr' }).where('id', '=', bruno.customerId!).execute();
    try {
      expect(await restrictions.isRestricted('elie.bruno@example.fr')).toBe(true);
      expect(await t.services.restrictions.mayMail('elie.bruno@example.fr', 'survey')).toBe('restricted');
      expect(await t.services.restrictions.mayMail('elie.bruno@example.fr', 'transactional')).toBeNull();
    } finally {
      await db().updateTable('customers').set({ email: 'bruno@example.fr', email_normalised: 'bruno@example.fr' }).where('id', '=', bruno.customerId!).execute();
      await restrictions.lift('bruno@example.fr', { by: 'owner' });
    }
  });

  it('an objection to prospecting blocks marketing and surveys, never information; the address is kept only as a keyed hash', async () => {
    const { restrictions } = t.services;
    const objection = await restrictions.objectToProspecting('Objector@Example.fr', { by: 'demande D-2' });
    // Again: the first date holds.
    t.clock.advance(60_000);
    expect((await restrictions.objectToProspecting('objector@example.fr', { by: 'demande D-3' })).objectedAt).toBe(objection.objectedAt);
    expect(await restrictions.isSuppressed(' OBJECTOR@example.fr')).toBe(true);
    expect(await restrictions.isSuppressed('someone-else@example.fr')).toBe(false);

    const marketing = await enqueue('objector@example.fr', 'marketing');
    const survey = await enqueue('objector@example.fr', 'survey');
    const information = await enqueue('objector@example.fr', 'information', 'policy-change');
    const transactional = await enqueue('objector@example.fr', 'transactional');
    await deliverAll();
    expect(await message(marketing)).toMatchObject({ status: 'skipped', skipReason: 'suppressed' });
    expect(await message(survey)).toMatchObject({ status: 'skipped', skipReason: 'suppressed' });
    expect((await message(information)).status).toBe('saved');
    expect((await message(transactional)).status).toBe('saved');

    const rows = await db().selectFrom('prospecting_objections').selectAll().execute();
    expect(JSON.stringify(rows)).not.toMatch(/objector/i);
    expect(rows.every((r) => /^[A-Za-z0-9_-]{43}$/.test(r.email_hash))).toBe(true);
  });

  it('the erasure through the port deletes the restrictions and keeps the suppression hash and the art. 19 log, each on its ground', async () => {
    const { restrictions } = t.services;
    const email = 'erased@example.fr';
    const booked = (await t.services.booking.bookSlot({ service: 'diagnostic-informatique', start: at('2026-12-03', '14:00'), customer: customer({ email }), requestEarlyPerformance: true }, { locale: 'fr', source: 'web', requireTermsAcceptance: false })).booking;
    await restrictions.restrict(email, { reason: 'Avant effacement', by: 'demande D-4' });
    await restrictions.objectToProspecting(email, { by: 'demande D-4' });
    await restrictions.recordRecipientNotice({ email }, { event: 'erasure', recipient: 'Stripe', content: 'Données de paiement', method: 'Suppression faite dans le tableau de bord Stripe' }, { by: 'owner@example.fr' });

    // The register as app.ts builds it: the port keyed by SECRET_KEY.
    const port = restrictionsRegisterFor(restrictionsRegister, TEST_SECRET).personalData!;
    const subject: DataSubject = { customerId: booked.customerId, emails: [email] };
    const put: string[] = [];
    const context = (trxDb: PortContext['db']): PortContext => ({ db: trxDb, now: t.clock.now(), dataDir: t.config.dataDir, archive: { put: async (entry) => void put.push(entry.kind) } });

    expect((await port.find(context(db()), subject)).map((f) => [f.kind, f.count])).toEqual([
      ['restrictions', 1],
      ['prospecting-objection', 1],
      ['recipient-notices', 1],
    ]);
    const exported = await port.export(context(db()), subject);
    expect(exported.find((r) => r.kind === 'restrictions')?.rows[0]).toMatchObject({ reason: 'Avant effacement', liftedAt: null });
    expect(exported.find((r) => r.kind === 'recipient-notices')?.rows[0]).toMatchObject({ event: 'erasure', recipient: 'Stripe' });

    const lines = await db().transaction().execute((trx) => port.erase(context(trx), subject));
    expect(lines.map((l) => [l.kind, l.action, l.count])).toEqual([
      ['restrictions', 'deleted', 1],
      ['prospecting-objection', 'kept', 1],
      ['recipient-notices', 'kept', 1],
    ]);
    const kept = lines.find((l) => l.kind === 'prospecting-objection')!;
    expect(kept.ground?.fr).toContain('CNIL');
    expect(kept.until).toBe('2029-11-26');
    expect(put).toEqual([]);

    // The customer record goes too (the customers module's erasure): the objection still holds, by the address alone.
    await db().updateTable('bookings').set({ customer_id: null }).where('customer_id', '=', booked.customerId!).execute();
    await db().deleteFrom('customers').where('id', '=', booked.customerId!).execute();
    expect(await restrictions.isSuppressed(email)).toBe(true);
    expect(await restrictions.isRestricted(email)).toBe(false);
    expect(await restrictions.mayMail(email, 'marketing')).toBe('suppressed');
    expect(await restrictions.mayMail(email, 'information')).toBeNull();
    const notices = await restrictions.noticesFor({ email });
    expect(notices).toHaveLength(1);
    expect(notices[0]!.customerId).toBeNull();

    // Idempotent: nothing left to delete, the same kept lines.
    const again = await db().transaction().execute((trx) => port.erase(context(trx), { customerId: null, emails: [email] }));
    expect(again.map((l) => l.action)).toEqual(['kept', 'kept']);
  });

  it('the register is declared: an unkeyed port refuses to run, retention rules delete on each side of their limits', async () => {
    await expect(restrictionsRegister.personalData!.find({ db: db(), now: t.clock.now(), dataDir: t.config.dataDir, archive: { put: async () => {} } }, { customerId: null, emails: ['x@example.fr'] })).rejects.toThrow(
      /no address key/,
    );
    const now = t.clock.now();
    const ctx: PortContext = { db: db(), now, dataDir: t.config.dataDir, archive: { put: async () => {} } };
    const rule = (id: string) => restrictionsRegister.retention!.find((r) => r.id === id)!;
    const objectionsRule = rule('restrictions.objections');
    // Every objection so far is younger than 3 years: nothing goes.
    expect(await objectionsRule.apply(ctx, cutoffBefore(now, objectionsRule.keep), { dryRun: true })).toBe(0);
    const later = new Date(Date.parse('2030-01-01T00:00:00Z'));
    const due = await objectionsRule.apply(ctx, cutoffBefore(later, objectionsRule.keep), { dryRun: true });
    expect(due).toBeGreaterThanOrEqual(2);
    const lifted = rule('restrictions.lifted');
    // Claire's lifted restriction is kept 3 years after its lifting; restrictions in force have no period.
    expect(await lifted.apply(ctx, cutoffBefore(now, lifted.keep), { dryRun: false })).toBe(0);
    expect(await lifted.apply(ctx, cutoffBefore(later, lifted.keep), { dryRun: false })).toBe(2);
    const inForce = await t.services.restrictions.restrict('kept@example.fr', { reason: 'En cours', by: 'owner' });
    expect(await lifted.apply(ctx, cutoffBefore(later, lifted.keep), { dryRun: false })).toBe(0);
    await t.services.restrictions.lift('kept@example.fr', { by: 'owner' });
    expect(inForce.liftedAt).toBeNull();
  });

  describe('back office', () => {
    it('the owner restricts after a confirmation, the page and the list say so, the exports leave the person out, then lifts', async () => {
      const page = `/admin/clients/${bruno.customerId}`;
      expect(pageText((await owner.get(page)).body)).toContain('Aucune limitation ni opposition en cours.');

      const confirm = await owner.get(`${page}/limiter`);
      expect(confirm.statusCode).toBe(200);
      expect(pageText(confirm.body)).toContain('Limiter le traitement — Élie Bruno');
      // A reason is required: the page again, with the message beside the field, and nothing recorded.
      const empty = await owner.post(`${page}/limiter`, { reason: '  ' });
      expect(empty.statusCode).toBe(422);
      expect(fieldErrorOf(empty.body, 'reason')).toBe('Indiquez le motif de la limitation.');
      expect(await t.services.restrictions.isRestricted('bruno@example.fr')).toBe(false);

      const done = await owner.post(`${page}/limiter`, { reason: 'Conteste l’exactitude de ses coordonnées' });
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe(`${page}#donnees`);
      const shown = pageText((await owner.get(page)).body);
      expect(shown).toContain('Traitement limité depuis le jeudi 26 novembre 2026');
      expect(shown).toContain('Conteste l’exactitude de ses coordonnées');
      expect(shown).toContain('Lever la limitation…');
      expect(pageText((await owner.get('/admin/clients')).body)).toContain('BRUNO Élie Traitement limité');

      // Exports: the customers file leaves Élie Bruno out; the bookings file keeps the row (its amounts), not the person.
      const clients = parse((await owner.get('/admin/export/clients.csv')).body, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
      expect(clients.map((c) => c['E-mail'])).not.toContain('bruno@example.fr');
      expect(clients.map((c) => c['E-mail']?.toLowerCase())).toContain('claire.martin@example.fr');
      const bookings = parse((await owner.get('/admin/export/reservations.csv?from=2026-11-30&to=2026-12-01')).body, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
      const row = bookings.find((b) => b['Référence'] === bruno.reference)!;
      expect(row).toMatchObject({ Nom: 'Traitement limité (RGPD, art. 18)', Prénom: '', 'E-mail': '', Téléphone: '', 'Montant TTC': '49,00' });
      expect(JSON.stringify(bookings)).not.toContain('bruno@example.fr');
      expect(bookings.find((b) => b['Référence'] === claire.reference)!['E-mail']).toMatch(/^claire\.martin@example\.fr$/i);

      // Lifting it twice: the second time says there is none.
      expect((await owner.post(`${page}/lever-limitation`, {})).statusCode).toBe(303);
      const twice = await owner.post(`${page}/lever-limitation`, {});
      expect(twice.statusCode).toBe(409);
      expect(pageText(twice.body)).toContain('Aucune limitation du traitement n’est en cours pour cette personne.');
      expect(pageText((await owner.get(page)).body)).toContain('Limiter le traitement…');

      // The objection, from the page.
      expect((await owner.post(`${page}/opposition-prospection`, {})).statusCode).toBe(303);
      expect(pageText((await owner.get(page)).body)).toContain('Opposé à la prospection depuis le');
      expect(pageText((await owner.get('/admin/clients')).body)).toContain('BRUNO Élie Opposé à la prospection');
      expect(await t.services.restrictions.isSuppressed('bruno@example.fr')).toBe(true);
    });

    it('records that a recipient was told (art. 19) and lists it on the customer’s page', async () => {
      const page = `/admin/clients/${claire.customerId}`;
      const form = await owner.get(`${page}/destinataires-informes`);
      expect(form.statusCode).toBe(200);
      const text = pageText(form.body);
      expect(text).toContain('Stripe Payments Europe Ltd (Irlande)');
      expect(text).toContain('ce logiciel ne le fait pas lui-même');
      expect(text).toContain('Notre prestataire d’envoi d’e-mails, en qualité de sous-traitant');

      const bad = await owner.post(`${page}/destinataires-informes`, { recipient: 'Quelqu’un d’autre', event: 'erasure', content: '', method: 'x' });
      expect(bad.statusCode).toBe(422);
      expect(fieldErrorOf(bad.body, 'recipient')).toBeDefined();
      expect(fieldErrorOf(bad.body, 'content')).toBe('Indiquez ce qui a été transmis.');
      expect(await t.services.restrictions.noticesFor({ email: 'claire.martin@example.fr' })).toHaveLength(0);

      const ok = await owner.post(`${page}/destinataires-informes`, {
        recipient: 'Stripe',
        event: 'rectification',
        content: 'Données de paiement — rien à transmettre, Stripe est responsable de ses propres traitements',
        method: 'Aucune action nécessaire',
      });
      expect(ok.statusCode).toBe(303);
      const shown = pageText((await owner.get(page)).body);
      expect(shown).toContain('Destinataires informés (RGPD, art.\u00a019)');
      expect(shown).toContain('Stripe Rectification Données de paiement — rien à transmettre, Stripe est responsable de ses propres traitements Aucune action nécessaire owner@wservicesparis.com');
    });

    it('is the owner’s: staff see the state but get 403 on every change', async () => {
      const page = `/admin/clients/${claire.customerId}`;
      await sql`update admin_users set role = 'staff'`.execute(db());
      try {
        const shown = await owner.get(page);
        expect(shown.statusCode).toBe(200);
        expect(pageText(shown.body)).toContain('Seul le responsable du traitement');
        expect(shown.body).not.toContain(`${page}/limiter`);
        for (const url of ['limiter', 'lever-limitation', 'opposition-prospection', 'destinataires-informes']) {
          expect((await owner.get(`${page}/${url}`)).statusCode, url).toBe(403);
          expect((await owner.post(`${page}/${url}`, { reason: 'x' })).statusCode, url).toBe(403);
        }
        expect(await t.services.restrictions.isRestricted('claire.martin@example.fr')).toBe(false);
      } finally {
        await sql`update admin_users set role = 'owner'`.execute(db());
      }
      // An unknown customer: 404, not 500.
      expect((await owner.get('/admin/clients/inconnu/limiter')).statusCode).toBe(404);
      expect((await owner.post('/admin/clients/inconnu/limiter', { reason: 'x' })).statusCode).toBe(404);
    });
  });
});

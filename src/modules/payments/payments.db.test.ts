import { sql } from 'kysely';
import { expect, it, onTestFinished } from 'vitest';
import { AdminClient, fieldErrorOf, formValues, loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { createTestApp, TEST_NOW, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest, fieldErrorsOf } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildSecondApp } from '../../../test/support/second-app.js';
import type { DialectName } from '../../db/dialect.js';
import { adminPaths } from '../../platform/http/paths.js';

/**
 * Payments taken on site (issue 7 item 5) and the ledger that makes them unalterable (item 9):
 * recorded through the service and the back office, chained, verified, tampered with in SQL,
 * written by two instances at once, and closed day by day once across instances.
 */
const DAY = 24 * 3_600_000;

describeEachDialect('payments taken on site and their ledger', (dialect: DialectName) => {
  async function app(): Promise<TestApp> {
    const t = await createTestApp(dialect);
    onTestFinished(() => t.close());
    return t;
  }

  async function book(t: TestApp, overrides: Record<string, unknown> = {}) {
    return (await t.services.booking.bookSlot(bookingRequest(overrides), apiOptions())).booking;
  }

  const rows = async (t: TestApp) => Number((await t.db.database.db.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('records partial and full payments from amounts typed as people write them, and refuses what would pay more than the price', async () => {
    const t = await app();
    const b = await book(t); // 49,00 €
    const p = t.services.payments;
    expect((await p.forBooking(b.id)).status).toBe('unpaid');

    await p.record(b.id, { method: 'cash', amount: '19,5' }, 'fr');
    let ledger = await p.forBooking(b.id);
    expect(ledger).toMatchObject({ paidCents: 1950, status: 'partly_paid' });
    expect(ledger.entries[0]).toMatchObject({ kind: 'payment', method: 'cash', amountCents: 1950, paidOn: '2026-11-26' });

    // More than what remains (29,50 €): refused beside the amount, in the reader's language, nothing written.
    expect(await fieldErrorsOf(p.record(b.id, { method: 'card_terminal', amount: '49' }, 'fr'))).toEqual({
      amount: 'Ce montant dépasse le reste à payer (29,50\u00a0€). Vérifiez la somme saisie.',
    });
    expect(await fieldErrorsOf(p.record(b.id, { method: 'card_terminal', amount: '49' }, 'en'))).toEqual({
      amount: 'This amount is more than what remains to pay (€29.50). Check the amount typed.',
    });
    expect(await rows(t)).toBe(1);

    await p.record(b.id, { method: 'cheque', amount: '29,50', paidOn: '2026-11-25' }, 'fr');
    ledger = await p.forBooking(b.id);
    expect(ledger).toMatchObject({ paidCents: 4900, status: 'paid' });
    expect(ledger.entries[1]).toMatchObject({ method: 'cheque', paidOn: '2026-11-25' });
    expect(await fieldErrorsOf(p.record(b.id, { method: 'cash', amount: '1' }, 'fr'))).toEqual({
      amount: 'Cette réservation est déjà payée en entier. Pour revenir sur un paiement, enregistrez une correction.',
    });

    // Bad input, each beside its field; nothing written.
    const other = await book(t, { start: '2026-11-30T14:00:00+01:00', customer: { email: 'paul@example.fr', lastName: 'Durand', firstName: 'Paul' } });
    expect(await fieldErrorsOf(p.record(other.id, { method: 'bitcoin', amount: 'abc', paidOn: '2026-13-45' }, 'fr'))).toEqual({
      method: 'Choisissez le moyen de paiement\u00a0: espèces, carte bancaire (terminal), chèque ou virement.',
      amount: 'Saisissez un montant en euros supérieur à zéro, par exemple 49 ou 49,50.',
      paidOn: 'Saisissez une date valide, par exemple 26/11/2026.',
    });
    for (const amount of ['0', '-5', '49,999', '']) expect(Object.keys(await fieldErrorsOf(p.record(other.id, { method: 'cash', amount }, 'en')))).toEqual(['amount']);
    expect(await fieldErrorsOf(p.record(other.id, { method: 'cash', amount: '49', paidOn: '27/11/2026' }, 'en'))).toEqual({ paidOn: 'The payment date cannot be in the future.' });
    expect(await rows(t)).toBe(2);
    // « 49 » and a French date typed without a date picker.
    await p.record(other.id, { method: 'bank_transfer', amount: '49', paidOn: '20/11/2026' }, 'fr');
    expect(await p.forBooking(other.id)).toMatchObject({ paidCents: 4900, status: 'paid', entries: [{ paidOn: '2026-11-20' }] });

    // A free booking needs nothing and takes nothing.
    const free = await book(t, { service: 'appel-decouverte', start: '2026-11-30T16:30:00+01:00', customer: { email: 'lea@example.fr' } });
    expect((await p.forBooking(free.id)).status).toBe('free');
    expect(await fieldErrorsOf(p.record(free.id, { method: 'cash', amount: '5' }, 'fr'))).toEqual({ amount: 'Cette réservation est gratuite\u00a0: il n’y a rien à encaisser.' });
  });

  it('corrects a payment with a negative entry and its reason, never by changing the payment', async () => {
    const t = await app();
    const b = await book(t);
    const p = t.services.payments;
    const paid = await p.record(b.id, { method: 'cash', amount: '49' }, 'fr');
    expect(await fieldErrorsOf(p.correct(b.id, { correctsId: paid.id, correctionAmount: '50', reason: 'Erreur' }, 'fr'))).toEqual({
      correctionAmount: 'Une correction ne peut reprendre plus que ce qui reste de ce paiement (49,00\u00a0€).',
    });
    expect(await fieldErrorsOf(p.correct(b.id, { correctsId: paid.id, correctionAmount: '10', reason: '  ' }, 'fr'))).toEqual({ reason: 'Indiquez le motif de la correction.' });
    expect(await fieldErrorsOf(p.correct(b.id, { correctsId: 'nope', correctionAmount: '10', reason: 'Erreur' }, 'en'))).toEqual({ correctsId: 'Choose the payment to correct from the list.' });
    expect(await rows(t)).toBe(1);

    const correction = await p.correct(b.id, { correctsId: paid.id, correctionAmount: '10', reason: 'Monnaie rendue en trop' }, 'fr');
    expect(correction).toMatchObject({ kind: 'correction', method: 'cash', amountCents: -1000, correctsId: paid.id, reason: 'Monnaie rendue en trop' });
    const ledger = await p.forBooking(b.id);
    expect(ledger).toMatchObject({ paidCents: 3900, status: 'partly_paid', correctable: [{ payment: { id: paid.id }, remainingCents: 3900 }] });
    expect(ledger.entries.map((e) => e.amountCents)).toEqual([4900, -1000]);
    // What the correction left can be paid again.
    await p.record(b.id, { method: 'card_terminal', amount: '10' }, 'fr');
    expect((await p.forBooking(b.id)).status).toBe('paid');
    expect((await p.verify()).intact).toBe(true);

    // A cancelled booking takes no new payment; what was received can still be given back.
    await t.services.booking.cancelByOwner(b.id, null);
    expect(await fieldErrorsOf(p.record(b.id, { method: 'cash', amount: '1' }, 'fr'))).toEqual({
      amount: 'Cette réservation est annulée\u00a0: aucun paiement ne peut plus y être enregistré. Pour rendre une somme reçue, enregistrez une correction.',
    });
    await p.correct(b.id, { correctsId: paid.id, correctionAmount: '39', reason: 'Annulation, somme rendue' }, 'fr');
    expect(await p.forBooking(b.id)).toMatchObject({ paidCents: 1000, status: 'partly_paid' });
  });

  it('records from the booking page (owner or staff) and shows paid, partly paid or unpaid on the booking, the agenda and the customer page', async () => {
    const t = await app();
    const b = await book(t);
    const owner = await loggedInOwner(t);
    const page = await owner.get(adminPaths.booking(b.id));
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Paiements Non payé');

    // Bad input: the payments page, 422, each message beside its field, the values kept, nothing written.
    const refused = await owner.post(adminPaths.bookingPayment(b.id), { ...formValues(page.body, adminPaths.bookingPayment(b.id)), method: 'cash', amount: '60' });
    expect(refused.statusCode).toBe(422);
    expect(fieldErrorOf(refused.body, 'amount')).toBe('Ce montant dépasse le reste à payer (49,00\u00a0€). Vérifiez la somme saisie.');
    expect(refused.body).toContain('value="60"');
    expect(await rows(t)).toBe(0);

    const rendered = formValues(page.body, adminPaths.bookingPayment(b.id));
    expect(rendered.paidOn).toBe('2026-11-26');
    const form = { ...rendered, method: 'card_terminal', amount: '20,00' };
    const done = await owner.post(adminPaths.bookingPayment(b.id), form);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${adminPaths.booking(b.id)}#paiements`);
    const after = pageText((await owner.get(adminPaths.booking(b.id))).body);
    expect(after).toContain('Paiements Partiellement payé Reçu 20,00\u00a0€ sur 49,00\u00a0€. Reste à payer\u00a0: 29,00\u00a0€.');
    expect(after).toContain('Carte bancaire (terminal) — 20,00\u00a0€');

    // The agenda of that Monday and the customer's page carry the same badge.
    const agenda = pageText((await owner.get(`${adminPaths.agenda}?date=2026-11-30&vue=jour`)).body);
    expect(agenda).toContain('Claire Martin Partiellement payé');
    const customerPage = pageText((await owner.get(adminPaths.customer(b.customerId!))).body);
    expect(customerPage).toMatch(/Diagnostic informatique 49,00\u00a0€ Confirmée Partiellement payé/);

    // Staff record too; the rest paid, the badges say so.
    await t.services.admin.createAccount({ email: 'staff@wservicesparis.com', password: 'une autre phrase de passe longue' }, 'fr', 'staff');
    const staff = new AdminClient(t);
    await staff.login({ email: 'staff@wservicesparis.com', password: 'une autre phrase de passe longue' });
    const staffPage = await staff.get(adminPaths.booking(b.id));
    const staffPost = await staff.post(adminPaths.bookingPayment(b.id), { ...formValues(staffPage.body, adminPaths.bookingPayment(b.id)), method: 'cash', amount: '29' });
    expect(staffPost.statusCode).toBe(303);
    expect(pageText((await owner.get(`${adminPaths.agenda}?date=2026-11-30&vue=jour`)).body)).toContain('Claire Martin Payé');
    expect(pageText((await owner.get(adminPaths.customer(b.customerId!))).body)).toMatch(/Confirmée Payé/);

    // A correction from the page, in English: its reason is required, then it is listed.
    const en = await loggedInOwner(t, { locale: 'en' });
    const enPage = await en.get(adminPaths.booking(b.id));
    const correctionForm = formValues(enPage.body, adminPaths.bookingPaymentCorrection(b.id));
    const noReason = await en.post(adminPaths.bookingPaymentCorrection(b.id), { ...correctionForm, correctionAmount: '5', reason: '' });
    expect(noReason.statusCode).toBe(422);
    expect(fieldErrorOf(noReason.body, 'reason')).toBe('Enter the reason for the correction.');
    const corrected = await en.post(adminPaths.bookingPaymentCorrection(b.id), { ...correctionForm, correctionAmount: '5', reason: 'Typed 20 instead of 15' });
    expect(corrected.statusCode).toBe(303);
    expect(pageText((await en.get(adminPaths.booking(b.id))).body)).toContain('Correction: Typed 20 instead of 15');
    // Each entry names the account that recorded it.
    const accounts = new Map((await t.db.database.db.selectFrom('admin_users').select(['id', 'email']).execute()).map((a) => [a.id, a.email]));
    const recorders = (await t.services.payments.forBooking(b.id)).entries.map((e) => accounts.get(e.recordedBy ?? ''));
    expect(recorders).toEqual(['owner@wservicesparis.com', 'staff@wservicesparis.com', 'owner@wservicesparis.com']);

    // An unknown booking is a 404, not a 500.
    expect((await owner.get(adminPaths.bookingPayment('0190e000-0000-7000-8000-000000000000'))).statusCode).toBe(404);
  });

  it('leaves free bookings without a badge in the agenda', async () => {
    const t = await app();
    await book(t, { service: 'appel-decouverte', start: '2026-11-30T11:00:00+01:00' });
    const owner = await loggedInOwner(t);
    const agenda = pageText((await owner.get(`${adminPaths.agenda}?date=2026-11-30&vue=jour`)).body);
    expect(agenda).toContain('Claire Martin');
    expect(agenda).not.toMatch(/Non payé|Payé/);
  });

  it('chains every record; a record changed in SQL, or deleted, is named by the verification', async () => {
    const t = await app();
    const b = await book(t);
    const p = t.services.payments;
    expect(await p.verify()).toEqual({ intact: true, text: expect.stringMatching(/^The payment ledger is intact: 0 records checked/) });
    const first = await p.record(b.id, { method: 'cash', amount: '10' }, 'fr');
    const second = await p.record(b.id, { method: 'cash', amount: '20' }, 'fr');
    await p.record(b.id, { method: 'cash', amount: '5' }, 'fr');
    const chain = await t.db.database.db.selectFrom('payments').select(['sequence', 'previous_hash', 'hash']).orderBy('sequence').execute();
    expect(chain.map((r) => Number(r.sequence))).toEqual([1, 2, 3]);
    expect(chain[0]!.previous_hash).toBe('0'.repeat(64));
    expect(chain[1]!.previous_hash).toBe(chain[0]!.hash);
    expect(chain[2]!.previous_hash).toBe(chain[1]!.hash);
    expect(await p.verify()).toMatchObject({ intact: true });

    await sql`update payments set amount_cents = 2500 where id = ${second.id}`.execute(t.db.database.db);
    const verdict = await p.verify();
    expect(verdict.intact).toBe(false);
    expect(verdict.text).toBe(
      `The payment ledger is broken. First broken link: record #2 (payment ${second.id} of booking ${b.id}, recorded ${second.recordedAt}): its content no longer matches its hash: it was changed after it was recorded.`,
    );
    await sql`update payments set amount_cents = 2000 where id = ${second.id}`.execute(t.db.database.db);
    expect((await p.verify()).intact).toBe(true);

    // Re-hashed after the change: the next record no longer links to it.
    await sql`update payments set reason = 'x', hash = ${'f'.repeat(64)} where id = ${first.id}`.execute(t.db.database.db);
    expect((await p.verify()).text).toMatch(/^The payment ledger is broken\. First broken link: record #1 /);
  });

  it('a deleted record leaves a hole the verification names', async () => {
    const t = await app();
    const b = await book(t);
    const p = t.services.payments;
    await p.record(b.id, { method: 'cash', amount: '10' }, 'fr');
    const second = await p.record(b.id, { method: 'cash', amount: '20' }, 'fr');
    await sql`delete from payments where id = ${second.id}`.execute(t.db.database.db);
    expect((await p.verify()).text).toBe('The payment ledger is broken. First broken link: record #2: it is missing: a record was deleted.');
  });

  it('keeps the chain linear when two instances record at the same time', async () => {
    const t = await app();
    // SQLite: a second process would serialise on `begin immediate`; in one process two pools would block each other's event loop, so they share one.
    const second = await buildSecondApp(t, { sameConnection: dialect === 'sqlite' });
    onTestFinished(() => second.close());
    const bookings = [];
    for (const [i, start] of ['2026-11-30T10:00:00+01:00', '2026-11-30T14:00:00+01:00', '2026-11-30T16:00:00+01:00', '2026-12-01T10:00:00+01:00'].entries()) {
      bookings.push(await book(t, { start, customer: { email: `c${i}@example.fr` } }));
    }
    // Forty recordings, half through each instance, all at once, two of them always on the same booking.
    const writes = [];
    for (let i = 0; i < 20; i++) {
      for (const instance of [t, second]) writes.push(instance.services.payments.record(bookings[i % 4]!.id, { method: 'cash', amount: '1' }, 'fr'));
    }
    await Promise.all(writes);
    const sequences = (await t.db.database.db.selectFrom('payments').select('sequence').orderBy('sequence').execute()).map((r) => Number(r.sequence));
    expect(sequences).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await t.services.payments.verify()).toMatchObject({ intact: true });
    for (const b of bookings) expect((await t.services.payments.forBooking(b.id)).paidCents).toBe(1000);

    // The last euro of a booking taken by both instances at once: one of them is refused, never both taken.
    const last = await book(t, { start: '2026-12-02T10:00:00+01:00', customer: { email: 'last@example.fr' } });
    await t.services.payments.record(last.id, { method: 'cash', amount: '48' }, 'fr');
    const race = await Promise.allSettled([t, second].map((instance) => instance.services.payments.record(last.id, { method: 'cash', amount: '1' }, 'fr')));
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await t.services.payments.forBooking(last.id)).paidCents).toBe(4900);
  });

  it('closes each finished day once, across two instances, in the same chain', async () => {
    const t = await app();
    // SQLite: a second process would serialise on `begin immediate`; in one process two pools would block each other's event loop, so they share one.
    const second = await buildSecondApp(t, { sameConnection: dialect === 'sqlite' });
    onTestFinished(() => second.close());
    const b = await book(t);
    const other = await book(t, { start: '2026-11-30T14:00:00+01:00', customer: { email: 'paul@example.fr' } });
    const p = t.services.payments;
    await p.record(b.id, { method: 'cash', amount: '20' }, 'fr');
    const card = await p.record(other.id, { method: 'card_terminal', amount: '49' }, 'fr');
    await p.correct(other.id, { correctsId: card.id, correctionAmount: '9', reason: 'Erreur de frappe' }, 'fr');
    await Promise.all([p.scheduleClosings(), second.services.payments.scheduleClosings()]);
    // Today is not finished: nothing to close.
    await Promise.all([p.runClosingJob(), second.services.payments.runClosingJob()]);
    expect(await p.closings()).toEqual([]);

    // The next day (and an hour, past the job's period), both instances' workers look at once.
    t.clock.set(new Date(Date.parse(TEST_NOW) + DAY + 3_600_000));
    await p.record(b.id, { method: 'cash', amount: '1' }, 'fr');
    await Promise.all([p.runClosingJob(), second.services.payments.runClosingJob()]);
    const closings = await p.closings();
    expect(closings).toEqual([
      { sequence: 5, day: '2026-11-26', records: 3, totalCents: 6000, totalsByMethod: { cash: 2000, card_terminal: 4000 }, runningTotalCents: 6000, closedAt: expect.any(String) },
    ]);
    // Closing again, directly, on both at once, closes nothing more.
    expect(await Promise.all([p.closeFinishedDays(), second.services.payments.closeFinishedDays()])).toEqual([0, 0]);

    // Two days later, the quiet day between is closed too, with the running total carried on.
    t.clock.set(new Date(Date.parse(TEST_NOW) + 3 * DAY));
    expect(await second.services.payments.closeFinishedDays()).toBe(2);
    expect((await p.closings()).map((c) => [c.day, c.records, c.totalCents, c.runningTotalCents, c.sequence])).toEqual([
      ['2026-11-28', 0, 0, 6100, 7],
      ['2026-11-27', 1, 100, 6100, 6],
      ['2026-11-26', 3, 6000, 6000, 5],
    ]);
    expect(await p.verify()).toMatchObject({ intact: true, text: expect.stringContaining('7 records checked') });
    await sql`update payment_closings set total_cents = 0 where day = '2026-11-26'`.execute(t.db.database.db);
    expect((await p.verify()).text).toBe('The payment ledger is broken. First broken link: record #5 (closing of 2026-11-26): its content no longer matches its hash: it was changed after it was recorded.');
  });
});

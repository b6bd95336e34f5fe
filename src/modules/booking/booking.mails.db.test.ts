import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { createTestApp, MONDAY_10, TEST_SECRET, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest, FRENCH_SPACING_MISTAKE } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { startSmtpServer, type ReceivedMail } from '../../../test/support/smtp.js';
import type { DialectName } from '../../db/dialect.js';
import { defaultBusinessProfile } from '../../platform/business.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { sign } from '../../platform/ids.js';
import { createMailTransport } from '../../platform/mail/transport.js';
import { confirmationMail, type MailContext } from './booking.mails.js';

/**
 * Every mail a booking can send, in both languages, delivered over real SMTP on loopback:
 * each answers the customer's questions (who is greeted, how to call, how to pay, what it
 * costs, in which time zone) and links only to the booking site.
 */
const BASE_URL = 'http://localhost:3000';
const WEBSITE = defaultBusinessProfile.website;
const PHONE = { typed: '01 23 45 67 89', display: '+33 1 23 45 67 89', tel: 'tel:+33123456789' };
const CUSTOMER = 'claire.martin@example.fr';
const OWNER = defaultBusinessProfile.email;
const PAYMENT = defaultBusinessProfile.paymentNote!;
const NBSP = '\u00a0';
const monday = (hhmm: string) => `2026-11-30T${hhmm}:00+01:00`;
/** The workshop's first seeded session; its minimum (3 places) is decided on Monday 30 November at 14:00. */
const WORKSHOP_SESSION = '2026-12-02T14:00:00+01:00';

interface Delivered {
  kind: string;
  mail: ReceivedMail;
  text: string;
  html: string;
}

describeEachDialect('booking mails', (dialect: DialectName) => {
  /** The app with a business phone in its profile, its outbox sending through a real SMTP server on loopback. */
  async function setup(profile: Record<string, unknown> = { phone: PHONE.typed }) {
    const directory = mkdtempSync(path.join(tmpdir(), 'wservices-business-'));
    const businessFile = path.join(directory, 'business.json');
    writeFileSync(businessFile, JSON.stringify(profile));
    const smtp = await startSmtpServer();
    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: tmpdir() });
    const t = await createTestApp(dialect, { mailTransport: transport, env: { BUSINESS_FILE: businessFile } });
    onTestFinished(async () => {
      await t.close();
      transport.close();
      await smtp.stop();
    });
    return { t, smtp };
  }

  /** Makes the booking site send every kind of mail it has, for bookings made in `locale`, and returns them as delivered. */
  async function everyMailKind(t: TestApp, deliver: () => Promise<ReceivedMail[]>, locale: Locale): Promise<Delivered[]> {
    const book = (request: Parameters<typeof bookingRequest>[0]) => t.services.booking.bookSlot(bookingRequest(request), apiOptions({ locale }));
    // A paid booking, moved by the owner, then cancelled by its customer: confirmation, owner's notice, moved, cancelled, owner's notice.
    const moved = (await book({ start: MONDAY_10 })).booking;
    await t.services.booking.moveByOwner(moved.id, monday('16:00'), 'Panne de courant', locale);
    await t.services.booking.cancelByCustomer(moved.reference, sign(TEST_SECRET, `booking:${moved.reference}`, 32));
    // A booking the owner cancels, a free one, and one of a workshop session that falls below its minimum.
    const cancelled = (await book({ start: monday('14:00'), customer: { email: 'second@example.fr' } })).booking;
    await t.services.booking.cancelByOwner(cancelled.id, 'Intervenant malade');
    await book({ service: 'appel-decouverte', start: '2026-12-01T10:00:00+01:00', customer: { email: 'free@example.fr' } });
    await book({ service: 'atelier-numerique', start: WORKSHOP_SESSION, customer: { email: 'workshop@example.fr' } });
    // A booking that still stands 24 hours before it: reminded, like the free call of Tuesday 10:00.
    await book({ start: '2026-12-01T14:00:00+01:00', customer: { email: 'reminded@example.fr' } });
    t.clock.set('2026-11-30T13:01:00Z');
    expect(await t.services.booking.sessions.decideDue()).toMatchObject({ cancelled: 1 });
    // The jobs due by now: the two reminders (the cancelled bookings' reminders send nothing), and mail deliveries.
    while (await t.services.jobs.runDue());

    const queued = await t.services.outbox.list({ limit: 100, offset: 0 });
    const received = await deliver();
    expect(received).toHaveLength(queued.length);
    return received.map((mail) => {
      const message = queued.find((m) => m.messageId === mail.parsed.messageId)!;
      return { kind: message.kind, mail, text: mail.parsed.text ?? '', html: typeof mail.parsed.html === 'string' ? mail.parsed.html : '' };
    });
  }

  async function deliverAll(t: TestApp, smtp: Awaited<ReturnType<typeof setup>>['smtp']): Promise<ReceivedMail[]> {
    while (await t.services.outbox.deliverDue());
    return smtp.received;
  }

  const of = (mails: Delivered[], kind: string, recipient?: string) => mails.filter((m) => m.kind === kind && (!recipient || m.mail.to.includes(recipient)));

  for (const locale of ['fr', 'en'] as const) {
    const fr = locale === 'fr';

    it(`sends every mail kind of a booking made in ${fr ? 'French' : 'English'} with the answers to the customer's questions`, async () => {
      const { t, smtp } = await setup();
      const mails = await everyMailKind(t, () => deliverAll(t, smtp), locale);
      expect(mails.map((m) => m.kind).sort()).toEqual(
        [
          'booking-confirmation', // paid
          'booking-confirmation', // second
          'booking-confirmation', // free
          'booking-confirmation', // workshop
          'booking-owner-notice', // paid, new
          'booking-owner-notice', // second, new
          'booking-owner-notice', // free, new
          'booking-owner-notice', // workshop, new
          'booking-confirmation', // reminded
          'booking-owner-notice', // reminded, new
          'booking-reminder', // reminded
          'booking-reminder', // free
          'booking-owner-notice', // paid, cancelled by its customer
          'booking-moved',
          'booking-cancelled', // by its customer
          'booking-cancelled', // by the owner
          'booking-cancelled', // the session's minimum not reached
          'session-cancelled-owner-notice',
        ].sort(),
      );

      for (const { kind, mail, text, html } of mails) {
        const where = `${kind} to ${mail.to.join()}`;
        // Every link leads to the booking site (or dials the business), never to the business's website.
        expect(text, where).not.toContain(WEBSITE);
        expect(html, where).not.toContain(WEBSITE);
        const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
        for (const href of hrefs) expect(href.startsWith(`${BASE_URL}/`) || href === PHONE.tel, `${where}: ${href}`).toBe(true);
        // The business phone in every mail, as people read it, and a tel: link in HTML.
        expect(text, where).toContain(PHONE.display);
        expect(html, where).toContain(`href="${PHONE.tel}"`);
        expect(text, where).not.toMatch(/\b(undefined|null|NaN)\b/);
      }

      const toCustomers = mails.filter((m) => !m.mail.to.includes(OWNER));
      expect(toCustomers).toHaveLength(11);
      for (const { kind, mail, text, html } of toCustomers) {
        const where = `${kind} to ${mail.to.join()}`;
        expect(html, where).toContain(`<html lang="${locale}">`);
        // Greeted by name.
        expect(text.split('\n')[0], where).toBe(fr ? 'Bonjour Claire Martin,' : 'Hello Claire Martin,');
        expect(html, where).toContain(fr ? 'Bonjour Claire Martin,' : 'Hello Claire Martin,');
        // How to reach the business by phone, in a sentence.
        expect(text, where).toContain(fr ? `Appelez-nous au ${PHONE.display}` : `Call us on ${PHONE.display}`);
        // English mails say whose time it is, in the subject, the date line and every sentence; French ones need not.
        if (fr) {
          expect(`${mail.parsed.subject}\n${text}`, where).not.toContain('Paris');
          expect(text.replace(/https?:\/\/\S+/g, ''), where).not.toMatch(FRENCH_SPACING_MISTAKE);
        } else {
          expect(mail.parsed.subject, where).toMatch(/ at \d\d:\d\d \(Paris time\)$/);
          expect(text, where).toMatch(/^Date: .* at \d\d:\d\d \(Paris time\)$/m);
          expect(text.match(/ at \d\d:\d\d(?! \(Paris time\))/g), where).toBeNull();
        }
      }

      // How payment happens: on the confirmation and the change of a paid booking; a free one says « Gratuit ».
      const paymentNote = PAYMENT[locale];
      const [paid, free, workshop] = [CUSTOMER, 'free@example.fr', 'workshop@example.fr'].map((to) => of(mails, 'booking-confirmation', to)[0]!) as [Delivered, Delivered, Delivered];
      for (const mail of [paid, workshop, of(mails, 'booking-moved')[0]!]) {
        expect(mail.text).toContain(paymentNote);
        expect(mail.html).toContain(paymentNote);
      }
      expect(free.text).toContain(fr ? `Prix${NBSP}: Gratuit` : 'Price: Free');
      expect(free.html).toContain(fr ? 'Gratuit' : 'Free');
      expect(free.text).not.toContain(paymentNote);
      // The reminder: the place (the business's address, or the customer's phone for a call), how to pay, the booking's own page.
      const [reminded, freeReminder] = ['reminded@example.fr', 'free@example.fr'].map((to) => of(mails, 'booking-reminder', to)[0]!) as [Delivered, Delivered];
      expect(reminded.mail.parsed.subject).toMatch(fr ? /^Rappel\u00a0: Diagnostic informatique, mardi 1er décembre 2026 à 14\sh$/ : /^Reminder: Computer check-up, Tuesday,? 1 December 2026 at 14:00 \(Paris time\)$/);
      expect(reminded.text).toContain('17 allée Edgar Brandt, 92320 Châtillon');
      expect(reminded.text).toContain(paymentNote);
      expect(reminded.text).toMatch(new RegExp(`${BASE_URL}${fr ? '/reservation/' : '/en/booking/'}[A-Z0-9-]+/[\\w-]{20,}`));
      expect(freeReminder.text).toContain(fr ? `Prix${NBSP}: Gratuit` : 'Price: Free');
      expect(freeReminder.text).not.toContain(paymentNote);
      expect(freeReminder.text).toContain('+33 6 12 34 56 78');
      expect(paid.text).toMatch(fr ? new RegExp(`Prix${NBSP}: 49,00[\u00a0\u202f]€ TTC`) : /Price: €49\.00 incl\. VAT/);
      // A cancelled booking owes nothing: no payment note, and a link to book again on the booking site.
      for (const cancelled of of(mails, 'booking-cancelled')) {
        expect(cancelled.text).toContain(fr ? 'Vous ne devez rien.' : 'You owe nothing.');
        expect(cancelled.text).not.toContain(paymentNote);
        expect(cancelled.text).toContain(`${BASE_URL}${fr ? '/services' : '/en/services'}`);
      }

      // A reply to the owner's notices of a booking goes to its customer; the session's notice has no one to reply to.
      for (const notice of of(mails, 'booking-owner-notice')) {
        const customerAddress = notice.text.match(/E-mail\u00a0: (\S+)/)![1]!;
        expect(notice.mail.parsed.replyTo?.value).toEqual([{ address: customerAddress, name: '' }]);
        expect(notice.mail.raw).toMatch(new RegExp(`^Reply-To: ${customerAddress.replace(/[.+]/g, '\\$&')}\\r?$`, 'm'));
      }
      expect(of(mails, 'booking-owner-notice', OWNER).map((n) => n.mail.parsed.replyTo?.value[0]?.address).sort()).toEqual(
        [CUSTOMER, CUSTOMER, 'free@example.fr', 'second@example.fr', 'workshop@example.fr', 'reminded@example.fr'].sort(),
      );
      expect(of(mails, 'session-cancelled-owner-notice')[0]!.mail.parsed.replyTo).toBeUndefined();
      for (const m of toCustomers) expect(m.mail.parsed.replyTo).toBeUndefined();
    });
  }

  it('says nothing of a phone when the profile has none: no label, no link, the reply and the address instead', async () => {
    const { t, smtp } = await setup({});
    const mails = await everyMailKind(t, () => deliverAll(t, smtp), 'fr');
    for (const { kind, text, html } of mails) {
      expect(html, kind).not.toContain('tel:');
      expect(text, kind).not.toMatch(/Appelez|Téléphone\u00a0: *$|· *$/m);
      expect(text.trimEnd().split('\n').at(-1), kind).toBe(`W SERVICES · 17 allée Edgar Brandt, 92320 Châtillon · ${OWNER}`);
    }
    const confirmation = of(mails, 'booking-confirmation', CUSTOMER)[0]!;
    expect(confirmation.text).toContain(`Une question${NBSP}? Répondez à ce message ou écrivez à ${OWNER}.`);
  });

  it('tells how payment happens as the business profile says it', async () => {
    const { t, smtp } = await setup({ phone: PHONE.typed, paymentNote: { fr: 'Paiement par virement à réception de la facture.', en: 'Payment by bank transfer on receipt of the invoice.' } });
    await t.services.booking.bookSlot(bookingRequest({ start: MONDAY_10 }), apiOptions({ locale: 'en' }));
    const [confirmation] = (await deliverAll(t, smtp)).filter((m) => m.to.includes(CUSTOMER));
    expect(confirmation!.parsed.text).toContain('Payment by bank transfer on receipt of the invoice.');
    expect(confirmation!.parsed.text).not.toContain(PAYMENT.en);
  });

  it('greets « Bonjour, » when the booking names no one (a company, or only an e-mail address)', async () => {
    const { t } = await setup();
    const { booking, service } = await t.services.booking.bookSlot(bookingRequest({ start: MONDAY_10 }), apiOptions());
    for (const locale of ['fr', 'en'] as const) {
      const nameless = { ...booking, locale, customer: { ...booking.customer, firstName: null, lastName: null, company: 'Atelier Dupont' } };
      const ctx: MailContext = { booking: nameless, service, business: t.services.settings.snapshot(), manageUrl: `${BASE_URL}/x`, adminUrl: `${BASE_URL}/admin/x`, servicesUrl: `${BASE_URL}/services`, withdrawal: '' };
      const mail = confirmationMail(ctx);
      expect(mail.text.split('\n')[0]).toBe(locale === 'fr' ? 'Bonjour,' : 'Hello,');
      expect(mail.html).toContain(locale === 'fr' ? '>Bonjour,</p>' : '>Hello,</p>');
      const firstOnly = confirmationMail({ ...ctx, booking: { ...nameless, customer: { ...nameless.customer, firstName: 'Claire' } } });
      expect(firstOnly.text.split('\n')[0]).toBe(locale === 'fr' ? 'Bonjour Claire,' : 'Hello Claire,');
    }
  });
});

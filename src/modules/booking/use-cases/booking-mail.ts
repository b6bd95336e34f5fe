import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { adminPaths, paths } from '../../../platform/http/paths.js';
import { sign } from '../../../platform/ids.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import type { Service } from '../../catalog/index.js';
import { withdrawalStatement } from '../../legal/index.js';
import type { NewMessage } from '../../outbox/index.js';
import { ownerCalendarFile } from '../agenda.ics.js';
import { bookingTexts } from '../booking.errors.js';
import { bookingCalendar } from '../booking.ics.js';
import { ownerNoticeMail, type MailContext } from '../booking.mails.js';
import type { Booking } from '../booking.model.js';
import { bookingPlace } from '../booking-place.js';
import { WITHDRAWAL_PERIOD_DAYS } from '../booking-withdrawal.js';
import { MINUTE, type BookingContext } from './context.js';
import { alarmMinutesBefore } from './reminders.js';

/** The mails, calendar files and manage links the booking use cases share. */

export function ownerEmail(ctx: BookingContext): string {
  return ctx.business.notificationEmail ?? ctx.business.email;
}

/** Signs booking references for their manage links; a booking's mails, calendar file and API answer each need its link: sign once. */
export function createManageTokens(secretKey: string): (reference: string) => string {
  const recentTokens = new Map<string, string>();
  return function manageToken(reference: string): string {
    let token = recentTokens.get(reference);
    if (!token) {
      token = sign(secretKey, `booking:${reference}`, 32);
      if (recentTokens.size >= 1000) recentTokens.delete(recentTokens.keys().next().value!);
      recentTokens.set(reference, token);
    }
    return token;
  };
}

export function manageUrl(ctx: BookingContext, booking: Pick<Booking, 'reference' | 'locale'>, locale: Locale = booking.locale): string {
  return `${ctx.deps.baseUrl}${paths.booking(locale, booking.reference, ctx.manageToken(booking.reference))}`;
}

export function startsWithinWithdrawalPeriod(booking: Pick<Booking, 'start' | 'createdAt'>): boolean {
  return Date.parse(booking.start) < Date.parse(booking.createdAt) + WITHDRAWAL_PERIOD_DAYS * 24 * 60 * MINUTE;
}

/** The statement that applies to a booking made: the policy it recorded, its period counted from its creation. */
export function withdrawalOf(booking: Booking, locale: Locale) {
  return withdrawalStatement(booking.withdrawalPolicy, locale, { startsWithinWithdrawalPeriod: startsWithinWithdrawalPeriod(booking) });
}

/** The statement for a booking of `service` at `startIso` made now. */
export function withdrawalFor(ctx: BookingContext, service: Service, startIso: string, locale: Locale) {
  return withdrawalStatement(service.withdrawalPolicy, locale, {
    startsWithinWithdrawalPeriod: startsWithinWithdrawalPeriod({ start: startIso, createdAt: ctx.clock.now().toISOString() }),
  });
}

export function mailContext(ctx: BookingContext, booking: Booking, service: Service, extra: Partial<MailContext> = {}): MailContext {
  return {
    booking,
    service,
    business: ctx.business,
    manageUrl: manageUrl(ctx, booking),
    adminUrl: `${ctx.deps.baseUrl}${adminPaths.booking(booking.id)}`,
    servicesUrl: `${ctx.deps.baseUrl}${paths.services(booking.locale)}`,
    withdrawal: withdrawalStatement(booking.withdrawalPolicy, booking.locale, { startsWithinWithdrawalPeriod: startsWithinWithdrawalPeriod(booking) }).text,
    ...extra,
  };
}

/** The customer's calendar file of a booking, at its `sequence`-th version. */
export function calendarFile(ctx: BookingContext, booking: Booking, service: Service, sequence: number): string {
  const { business } = ctx;
  const url = manageUrl(ctx, booking);
  const place = bookingPlace(booking, service, business, booking.locale);
  return bookingCalendar({
    booking,
    title: `${service.name[booking.locale]} · ${business.name}`,
    description: [`${bookingTexts.CALENDAR_REFERENCE(booking.locale)} ${booking.reference}`, ...(place.kind === 'business' ? [] : [place.text]), url].join('\n'),
    location: place.location,
    url,
    domain: ctx.domain,
    sequence,
    stamp: ctx.clock.now(),
    organizer: { name: business.name, email: business.email },
    alarmMinutesBefore: alarmMinutesBefore(ctx, service),
  });
}

/** The owner's calendar copy of the booking (the same event as in the owner's feed). */
export function ownerAttachment(ctx: BookingContext, booking: Booking, service: Service, sequence: number) {
  const adminUrl = `${ctx.deps.baseUrl}${adminPaths.booking(booking.id)}`;
  const content = ownerCalendarFile(booking, service, sequence, ctx.clock.now(), { business: ctx.business, domain: ctx.domain, adminUrl });
  return { filename: `${booking.reference}.ics`, contentType: 'text/calendar; charset=utf-8', content };
}

/** The owner's notice of a booking made, cancelled or moved by its customer: a reply goes to the customer. */
export function ownerNoticeMessage(ctx: BookingContext, mail: MailContext, event: 'new' | 'cancelled' | 'moved', sequence: number): NewMessage {
  const { booking, service } = mail;
  return {
    kind: 'booking-owner-notice',
    category: 'transactional',
    recipient: ownerEmail(ctx),
    replyTo: booking.customer.email,
    locale: 'fr',
    ...ownerNoticeMail(mail, event),
    attachments: [ownerAttachment(ctx, booking, service, sequence)],
    bookingId: booking.id,
  };
}

/** A mail to the customer, with the booking's calendar file. */
export function customerMessage(
  ctx: BookingContext,
  kind: string,
  mail: { subject: string; text: string; html: string },
  booking: Booking,
  service: Service,
  sequence: number,
): NewMessage {
  return {
    kind,
    category: 'transactional',
    recipient: booking.customer.email,
    locale: booking.locale,
    ...mail,
    attachments: [{ filename: `${booking.reference}.ics`, contentType: 'text/calendar; charset=utf-8', content: calendarFile(ctx, booking, service, sequence) }],
    bookingId: booking.id,
  };
}

/** Queues a mail to the customer, with the booking's calendar file, inside the caller's transaction. */
export async function queueCustomerMail(
  ctx: BookingContext,
  db: Kysely<DB>,
  kind: string,
  mail: { subject: string; text: string; html: string },
  booking: Booking,
  service: Service,
  sequence: number,
) {
  await ctx.outbox.enqueue(db, customerMessage(ctx, kind, mail, booking, service, sequence));
}

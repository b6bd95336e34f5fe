import type { BusinessProfile } from '../../platform/business.js';
import { formatPhone } from '../../platform/i18n/phone.js';
import { calendarFeed, calendarFile, type FeedEvent } from '../../platform/ical.js';
import type { Service } from '../catalog/index.js';
import { customerDisplayName, type Booking } from './booking.model.js';
import { bookingPlace } from './booking.place.js';

/**
 * The owner's copy of a booking in a calendar: who, their phone, where. It has its own UID
 * (not the customer's), shared by the owner's notice mail and the owner's feed, so that the
 * owner's calendar holds one event per booking and updates it.
 */
export interface OwnerEventContext {
  business: BusinessProfile;
  domain: string;
  /** The back-office URL of the booking. */
  adminUrl: string;
}

export function ownerEvent(booking: Booking, service: Service | undefined, sequence: number, stamp: Date, ctx: OwnerEventContext): FeedEvent {
  const c = booking.customer;
  const name = customerDisplayName(c);
  const serviceName = service?.name.fr ?? '';
  const place = bookingPlace(booking, service ?? { id: booking.serviceId }, ctx.business);
  return {
    uid: `owner-${booking.id}@${ctx.domain}`,
    sequence,
    stamp,
    start: new Date(booking.start),
    end: new Date(booking.end),
    summary: `${serviceName} · ${name}`,
    description: [
      `Client\u00a0: ${name}`,
      ...(c.company ? [`Société\u00a0: ${c.company}`] : []),
      ...(c.phone ? [`Téléphone\u00a0: ${formatPhone(c.phone)}`] : []),
      `E-mail\u00a0: ${c.email}`,
      `Lieu\u00a0: ${place}`,
      `Référence\u00a0: ${booking.reference}`,
      ctx.adminUrl,
    ].join('\n'),
    location: place,
    url: ctx.adminUrl,
    status: booking.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    organizer: { name: ctx.business.name, email: ctx.business.email },
  };
}

/** The file attached to the owner's notice of a new (or cancelled) booking. */
export function ownerCalendarFile(booking: Booking, service: Service, sequence: number, stamp: Date, ctx: OwnerEventContext): string {
  return calendarFile({
    productId: '-//W Services//Agenda//FR',
    method: booking.status === 'cancelled' ? 'CANCEL' : 'PUBLISH',
    ...ownerEvent(booking, service, sequence, stamp, ctx),
  });
}

export function ownerFeed(events: FeedEvent[], business: BusinessProfile): string {
  return calendarFeed({ productId: '-//W Services//Agenda//FR', name: `${business.name} · Réservations`, refreshMinutes: 15, events });
}

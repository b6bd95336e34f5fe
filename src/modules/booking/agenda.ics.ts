import type { BusinessProfile } from '../../platform/business.js';
import { formatPhone } from '../../platform/i18n/phone.js';
import { calendarFeed, calendarFile, type FeedEvent } from '../../platform/ical.js';
import { RESTRICTED_MARK } from '../../platform/personal-data.js';
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

/**
 * Where a booking happens, as the owner's calendar shows it. A restricted person's booking
 * (GDPR art. 18) keeps the business address or the service's link, which are not theirs, and
 * says only « À l’adresse du client » or « Par téléphone » where the place is their address or phone.
 */
function ownerPlace(booking: Booking, service: Service | undefined, business: BusinessProfile, withheld: boolean): { text: string; location: string } {
  const kind = service?.location ?? 'business';
  if (withheld && kind === 'customer_address') return { text: 'À l’adresse du client', location: '' };
  if (withheld && kind === 'phone') return { text: 'Par téléphone', location: '' };
  const text = bookingPlace(booking, service ?? { id: booking.serviceId }, business);
  return { text, location: text };
}

/**
 * The owner's event for a booking. `withheld`: the customer's processing is restricted (GDPR
 * art. 18): the event is the service and the time, with the reference and the back-office link
 * that lead the owner to the rest; no name, e-mail, phone nor address of theirs.
 */
export function ownerEvent(booking: Booking, service: Service | undefined, sequence: number, stamp: Date, ctx: OwnerEventContext, withheld = false): FeedEvent {
  const c = booking.customer;
  const name = customerDisplayName(c);
  const serviceName = service?.name.fr ?? '';
  const place = ownerPlace(booking, service, ctx.business, withheld);
  const shared = { uid: `owner-${booking.id}@${ctx.domain}`, sequence, stamp, start: new Date(booking.start), end: new Date(booking.end) };
  const status = booking.status === 'cancelled' ? ('CANCELLED' as const) : ('CONFIRMED' as const);
  const organizer = { name: ctx.business.name, email: ctx.business.email };
  if (withheld) {
    return {
      ...shared,
      summary: serviceName,
      description: [`Client\u00a0: ${RESTRICTED_MARK}`, `Lieu\u00a0: ${place.text}`, `Référence\u00a0: ${booking.reference}`, ctx.adminUrl].join('\n'),
      location: place.location,
      url: ctx.adminUrl,
      status,
      organizer,
    };
  }
  return {
    ...shared,
    summary: `${serviceName} · ${name}`,
    description: [
      `Client\u00a0: ${name}`,
      ...(c.company ? [`Société\u00a0: ${c.company}`] : []),
      ...(c.phone ? [`Téléphone\u00a0: ${formatPhone(c.phone)}`] : []),
      `E-mail\u00a0: ${c.email}`,
      `Lieu\u00a0: ${place.text}`,
      `Référence\u00a0: ${booking.reference}`,
      ctx.adminUrl,
    ].join('\n'),
    location: place.location,
    url: ctx.adminUrl,
    status,
    organizer,
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

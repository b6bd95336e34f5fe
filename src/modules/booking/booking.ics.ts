import { createEvent } from 'ics';
import type { Booking } from './booking.model.js';

/**
 * The calendar file attached to booking mails and offered on the booking page.
 * One UID per booking and a SEQUENCE that grows with each change, so calendars update
 * (or remove, when cancelled) the event they already hold instead of adding another.
 */
export function bookingCalendar(options: {
  booking: Pick<Booking, 'id' | 'start' | 'end' | 'status' | 'reference'>;
  title: string;
  description: string;
  location: string;
  url: string;
  domain: string;
  sequence: number;
  organizer: { name: string; email: string };
}): string {
  const { booking } = options;
  const cancelled = booking.status === 'cancelled';
  const result = createEvent({
    productId: 'wservices/booking',
    method: cancelled ? 'CANCEL' : 'PUBLISH',
    uid: `${booking.id}@${options.domain}`,
    sequence: options.sequence,
    start: Date.parse(booking.start),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(booking.end),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: options.title,
    description: options.description,
    location: options.location,
    url: options.url,
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    organizer: options.organizer,
  });
  if (result.error || !result.value) throw new Error(`calendar file for booking ${booking.reference}: ${result.error?.message}`);
  return result.value;
}

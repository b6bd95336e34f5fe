import { calendarFile } from '../../platform/ical.js';
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
  /** When this version was made: the booking, or its last change. */
  stamp: Date;
  organizer: { name: string; email: string };
  /** The calendar app's own reminder, this many minutes before (none on a cancellation). */
  alarmMinutesBefore?: number;
}): string {
  const { booking } = options;
  const cancelled = booking.status === 'cancelled';
  return calendarFile({
    productId: '-//W Services//Booking//FR',
    method: cancelled ? 'CANCEL' : 'PUBLISH',
    uid: `${booking.id}@${options.domain}`,
    sequence: options.sequence,
    stamp: options.stamp,
    start: new Date(booking.start),
    end: new Date(booking.end),
    summary: options.title,
    description: options.description,
    location: options.location,
    url: options.url,
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    organizer: options.organizer,
    ...(options.alarmMinutesBefore && !cancelled ? { alarmMinutesBefore: options.alarmMinutesBefore } : {}),
  });
}

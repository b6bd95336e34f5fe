/**
 * A calendar file (RFC 5545) with one event: what mail clients and calendar apps read.
 * Written here rather than with a library because the format we need is small and the
 * library we tried validated every event with a schema, which was a tenth of the cost of
 * a booking. Text is escaped (§3.3.11), lines are folded at 75 octets without splitting a
 * character (§3.1), instants are UTC, lines end with CRLF.
 */
export interface CalendarEvent {
  uid: string;
  /** PUBLISH adds or updates the event; CANCEL removes it. */
  method: 'PUBLISH' | 'CANCEL';
  /** Grows with each change, so calendars replace the copy they hold. */
  sequence: number;
  /** When this version of the event was made. */
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  location: string;
  url: string;
  status: 'CONFIRMED' | 'CANCELLED';
  organizer: { name: string; email: string };
  productId: string;
  /** A reminder the calendar app shows this many minutes before the start (VALARM, RFC 5545 §3.6.6). */
  alarmMinutesBefore?: number;
}

export function calendarFile(event: CalendarEvent): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${text(event.productId)}`, 'CALSCALE:GREGORIAN', `METHOD:${event.method}`, ...eventLines(event), 'END:VCALENDAR'];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

function eventLines(event: Omit<CalendarEvent, 'method' | 'productId'> & { lastModified?: Date }): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${text(event.uid)}`,
    `DTSTAMP:${utc(event.stamp)}`,
    ...(event.lastModified ? [`LAST-MODIFIED:${utc(event.lastModified)}`] : []),
    `DTSTART:${utc(event.start)}`,
    `DTEND:${utc(event.end)}`,
    `SEQUENCE:${event.sequence}`,
    `STATUS:${event.status}`,
    `SUMMARY:${text(event.summary)}`,
    `DESCRIPTION:${text(event.description)}`,
    // A place not known yet (a customer's address not given) is left out rather than written empty.
    ...(event.location ? [`LOCATION:${text(event.location)}`] : []),
    `URL:${event.url}`,
    `ORGANIZER;CN="${event.organizer.name.replace(/["\r\n]/g, '')}":mailto:${event.organizer.email}`,
    ...(event.alarmMinutesBefore ? ['BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${text(event.summary)}`, `TRIGGER:-PT${duration(event.alarmMinutesBefore)}`, 'END:VALARM'] : []),
    'END:VEVENT',
  ];
}

/** A duration's time part (RFC 5545 §3.3.6) in whole hours when it is some: 24H rather than 1440M. */
function duration(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}H` : `${minutes}M`;
}

/** An event of a subscribed calendar: its stamp is when this version was made, also sent as LAST-MODIFIED. */
export type FeedEvent = Omit<CalendarEvent, 'method' | 'productId'>;

/**
 * A calendar that apps subscribe to (a feed): many events, no METHOD (RFC 5545 §3.7.2, it is
 * not a scheduling message), a name, and how often to fetch it again (RFC 7986 REFRESH-INTERVAL,
 * with the X-PUBLISHED-TTL that Outlook and older Apple versions read).
 */
export function calendarFeed(feed: { productId: string; name: string; refreshMinutes: number; events: FeedEvent[] }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${text(feed.productId)}`,
    'CALSCALE:GREGORIAN',
    `NAME:${text(feed.name)}`,
    `X-WR-CALNAME:${text(feed.name)}`,
    `REFRESH-INTERVAL;VALUE=DURATION:PT${feed.refreshMinutes}M`,
    `X-PUBLISHED-TTL:PT${feed.refreshMinutes}M`,
    ...feed.events.flatMap((event) => eventLines({ ...event, lastModified: event.stamp })),
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** 20261201T090000Z */
function utc(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function text(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets continue on the next line after a space. */
function fold(line: string): string {
  if (Buffer.byteLength(line) <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const bytes = Buffer.byteLength(char);
    // The first line holds 75 octets; continuation lines 74 after their leading space.
    if (size + bytes > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += bytes;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

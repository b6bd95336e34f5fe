import { describe, expect, it } from 'vitest';
import { calendarFile, type CalendarEvent } from './ical.js';

const event: CalendarEvent = {
  uid: 'b6a1@www.example.fr',
  method: 'PUBLISH',
  sequence: 2,
  stamp: new Date('2026-11-26T07:00:00.123Z'),
  start: new Date('2026-12-01T09:00:00Z'),
  end: new Date('2026-12-01T10:00:00Z'),
  summary: 'Diagnostic informatique · W Services',
  description: 'Référence ABCDE-FGHJK\nhttps://www.example.fr/reservation/ABCDE-FGHJK/token',
  location: '17 allée Edgar Brandt, 92320 Châtillon; rez-de-chaussée',
  url: 'https://www.example.fr/reservation/ABCDE-FGHJK/token',
  status: 'CONFIRMED',
  organizer: { name: 'W "Services"', email: 'contact@example.fr' },
  productId: '-//W Services//Booking//FR',
};

/** Unfolds and splits the lines of a calendar file, as a reader does. */
function unfold(ics: string): string[] {
  return ics.replace(/\r\n /g, '').split('\r\n').filter(Boolean);
}

describe('calendar files', () => {
  it('holds one event with UTC instants, escaped text and CRLF line ends', () => {
    const ics = calendarFile(event);
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
    const lines = unfold(ics);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('METHOD:PUBLISH');
    expect(lines).toContain('UID:b6a1@www.example.fr');
    expect(lines).toContain('DTSTAMP:20261126T070000Z');
    expect(lines).toContain('DTSTART:20261201T090000Z');
    expect(lines).toContain('DTEND:20261201T100000Z');
    expect(lines).toContain('SEQUENCE:2');
    expect(lines).toContain('DESCRIPTION:Référence ABCDE-FGHJK\\nhttps://www.example.fr/reservation/ABCDE-FGHJK/token');
    expect(lines).toContain('LOCATION:17 allée Edgar Brandt\\, 92320 Châtillon\\; rez-de-chaussée');
    expect(lines).toContain('ORGANIZER;CN="W Services":mailto:contact@example.fr');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const ics = calendarFile({ ...event, summary: 'é'.repeat(100) });
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(unfold(ics)).toContain(`SUMMARY:${'é'.repeat(100)}`);
  });
});

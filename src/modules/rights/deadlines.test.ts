import { describe, expect, it } from 'vitest';
import { addCalendarMonths, daysLeft, deadlineLevel, deadlinesOf, firstMonthRuns } from './deadlines.js';

describe('calendar-month deadlines', () => {
  it.each([
    ['2027-01-31', 1, '2027-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2028-01-30', 1, '2028-02-29'],
    ['2027-01-15', 1, '2027-02-15'],
    ['2026-12-31', 1, '2027-01-31'],
    ['2027-03-31', 1, '2027-04-30'],
    ['2026-12-15', 3, '2027-03-15'],
    ['2027-11-30', 3, '2028-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2100-01-31', 1, '2100-02-28'],
    ['2000-01-31', 1, '2000-02-29'],
  ])('%s + %i month(s) → %s', (from, months, expected) => {
    expect(addCalendarMonths(from, months)).toBe(expected);
  });

  it('counts from the day of receipt in the business’s time zone, not in UTC', () => {
    // 31 January 2027 at 23:30 in Paris is already 31 January there, but 22:30 UTC; 1 February 00:30 Paris is 31 January 23:30 UTC.
    expect(deadlinesOf(new Date('2027-01-31T22:30:00Z'), 'Europe/Paris')).toEqual({ receivedOn: '2027-01-31', dueDate: '2027-02-28', extendedDueDate: '2027-04-30' });
    expect(deadlinesOf(new Date('2027-01-31T23:30:00Z'), 'Europe/Paris')).toEqual({ receivedOn: '2027-02-01', dueDate: '2027-03-01', extendedDueDate: '2027-05-01' });
    expect(deadlinesOf(new Date('2028-01-31T12:00:00Z'), 'Europe/Paris').dueDate).toBe('2028-02-29');
  });

  it('warns within 7 days, says overdue once the day has passed, and lets the first month run to its last day', () => {
    expect(daysLeft('2027-02-20', '2027-02-28')).toBe(8);
    expect(deadlineLevel('2027-02-20', '2027-02-28')).toBe('ok');
    expect(deadlineLevel('2027-02-21', '2027-02-28')).toBe('soon');
    expect(deadlineLevel('2027-02-28', '2027-02-28')).toBe('soon');
    expect(deadlineLevel('2027-03-01', '2027-02-28')).toBe('overdue');
    expect(firstMonthRuns('2027-02-28', '2027-02-28')).toBe(true);
    expect(firstMonthRuns('2027-03-01', '2027-02-28')).toBe(false);
  });
});

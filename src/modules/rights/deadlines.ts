import { calendarDate, localDateOf } from '../../platform/time-zone.js';

/** A request is answered within one calendar month of its receipt (GDPR art. 12(3)) … */
export const ANSWER_MONTHS = 1;
/** … which the owner may extend by two more months, while the first one runs. */
export const EXTENDED_MONTHS = 3;
/** From this many days left, the back office warns. */
export const WARN_DAYS = 7;

/**
 * The calendar day `months` after `isoDate` (YYYY-MM-DD): the same day of the month, or the
 * month's last day when it has fewer (31 January + 1 month → 28 February, or 29 in a leap year).
 * Plain calendar arithmetic on dates, not instants: no time zone or daylight-saving change moves it.
 */
export function addCalendarMonths(isoDate: string, months: number): string {
  const { year, month, day } = calendarDate(isoDate);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(targetYear, 4)}-${pad(targetMonth)}-${pad(Math.min(day, lastDay))}`;
}

/** The request's day of receipt in the business's time zone, and the days it is due by. */
export function deadlinesOf(receivedAt: Date, zone: string): { receivedOn: string; dueDate: string; extendedDueDate: string } {
  const receivedOn = localDateOf(receivedAt.getTime(), zone);
  return { receivedOn, dueDate: addCalendarMonths(receivedOn, ANSWER_MONTHS), extendedDueDate: addCalendarMonths(receivedOn, EXTENDED_MONTHS) };
}

/** Whole days from `today` to `dueDate` (both YYYY-MM-DD): 0 on the day itself, negative once past. */
export function daysLeft(today: string, dueDate: string): number {
  return Math.round((Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

export type DeadlineLevel = 'ok' | 'soon' | 'overdue';

/** How the back office shows a deadline: overdue once its day has passed, « soon » within WARN_DAYS. */
export function deadlineLevel(today: string, dueDate: string): DeadlineLevel {
  const left = daysLeft(today, dueDate);
  if (left < 0) return 'overdue';
  return left <= WARN_DAYS ? 'soon' : 'ok';
}

/** The first month still runs on its last day (the due date) and ends the day after. */
export function firstMonthRuns(today: string, dueDate: string): boolean {
  return today <= dueDate;
}


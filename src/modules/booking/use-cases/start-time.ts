import type { FieldError } from '../../../platform/http/errors.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import { parseOffsetDateTime } from '../../../platform/time-zone.js';
import { bookingFieldMessages } from '../booking.errors.js';
import { withinAgendaYears } from './context.js';

/** Reads "2026-12-01T09:00:00+01:00" (an offset or Z is required: a bare local time is ambiguous). */
export function parseStart(value: string, locale: Locale): number | FieldError {
  const instant = parseOffsetDateTime(value);
  if (instant === undefined || !withinAgendaYears(new Date(instant).getUTCFullYear())) return bookingFieldMessages.START_FORMAT(locale);
  return instant;
}

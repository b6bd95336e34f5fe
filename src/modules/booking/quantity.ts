import type { FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { bookingFieldMessages } from './booking.errors.js';

/**
 * Several places in one booking. Capacity is counted in places everywhere (availability,
 * the check in the booking transaction); the price recorded is one place's times the places.
 */
export const MAX_PLACES_PER_BOOKING = 500;

/** A form posts text: "3" → 3; empty → absent (1 place); anything else is kept and refused by the schema. */
export function quantityFromForm(value: string | undefined): unknown {
  if (value === undefined || value.trim() === '') return undefined;
  return /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
}

/** More places than the service lets one booking take. */
export function aboveServiceMaximum(quantity: number, maxPlacesPerBooking: number, locale: Locale): FieldError | undefined {
  if (quantity <= maxPlacesPerBooking) return undefined;
  if (maxPlacesPerBooking === 1) return bookingFieldMessages.ONE_PLACE_AT_A_TIME(locale);
  return bookingFieldMessages.ABOVE_PLACES_PER_BOOKING(locale, { maxPlaces: maxPlacesPerBooking });
}

/** The total price of the places taken. */
export function priceOfPlaces(placePriceCents: number, quantity: number): number {
  return placePriceCents * quantity;
}

import type { FieldError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';

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
  return {
    field: 'quantity',
    message:
      maxPlacesPerBooking === 1
        ? locale === 'fr'
          ? 'Cette prestation se réserve une place à la fois.'
          : 'This service is booked one place at a time.'
        : locale === 'fr'
          ? `Vous pouvez réserver au plus ${maxPlacesPerBooking}\u00a0places à la fois.`
          : `You can book at most ${maxPlacesPerBooking} places at a time.`,
  };
}

/** The total price of the places taken. */
export function priceOfPlaces(placePriceCents: number, quantity: number): number {
  return placePriceCents * quantity;
}

import type { BusinessProfile } from '../../platform/business.js';
import type { Service } from '../catalog/index.js';
import type { Booking } from './booking.model.js';

/**
 * Where a booking takes place, as one line: the mails, the calendar files and the owner's
 * agenda all read it here, so that where a service happens is decided in one place.
 * Today every service happens at the business address.
 */
export function bookingPlace(_booking: Pick<Booking, 'customer'>, _service: Pick<Service, 'id'>, business: BusinessProfile): string {
  const a = business.address;
  return `${a.line1}, ${a.postalCode} ${a.city}`;
}

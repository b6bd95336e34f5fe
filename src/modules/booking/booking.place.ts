import type { BusinessProfile } from '../../platform/business.js';
import type { Service } from '../catalog/index.js';
import { bookingPlace as placeOf } from './booking-place.js';
import type { Booking } from './booking.model.js';

/**
 * Where a booking takes place, as one line for the owner's agenda and calendar feed (in French):
 * the business address, the customer's address, « Par téléphone : appeler le client au … » or the
 * link. The pages, mails and the customer's calendar file use booking-place.ts directly, with labels.
 */
export function bookingPlace(
  booking: Pick<Booking, 'customer'>,
  service: Pick<Service, 'id'> & Partial<Pick<Service, 'location' | 'onlineUrl'>>,
  business: BusinessProfile,
): string {
  return placeOf(booking, { location: service.location ?? 'business', onlineUrl: service.onlineUrl ?? null }, business, 'fr', 'owner').text;
}

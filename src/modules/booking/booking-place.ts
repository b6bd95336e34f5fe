import type { BusinessProfile } from '../../platform/business.js';
import { countryName } from '../../platform/i18n/countries.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { formatPhone } from '../../platform/i18n/phone.js';
import type { Service } from '../catalog/index.js';
import type { Booking } from './booking.model.js';

/** Where one booking happens, as each reader needs it. */
export interface BookingPlace {
  kind: Service['location'];
  /** The label of the line: « Lieu », « Adresse d'intervention »… */
  label: string;
  /** What pages and mails show: an address, « Par téléphone : nous vous appelons au +33 6… », the link. */
  text: string;
  /** The calendar file's LOCATION: an address, a phone number or the link. */
  location: string;
  /** The link of an online service. */
  url: string | null;
}

const texts = {
  fr: {
    place: 'Lieu',
    serviceAddress: 'Adresse d’intervention',
    atCustomer: 'À votre adresse (non indiquée\u00a0: écrivez-nous pour la donner)',
    byPhone: (phone: string) => `Par téléphone\u00a0: nous vous appelons au ${phone}`,
    callCustomer: (phone: string) => `Par téléphone\u00a0: appeler le client au ${phone}`,
    ownerNoAddress: 'À l’adresse du client (non indiquée)',
    ownerNoPhone: 'Par téléphone (numéro du client non indiqué)',
    byPhoneNoNumber: 'Par téléphone (numéro non indiqué\u00a0: écrivez-nous pour le donner)',
    phone: (phone: string) => `Téléphone\u00a0: ${phone}`,
    online: 'En ligne',
    onlineLink: 'En ligne, au lien',
  },
  en: {
    place: 'Place',
    serviceAddress: 'Service address',
    atCustomer: 'At your address (not given: write to us to give it)',
    byPhone: (phone: string) => `By phone: we call you on ${phone}`,
    callCustomer: (phone: string) => `By phone: call the customer on ${phone}`,
    ownerNoAddress: 'At the customer’s address (not given)',
    ownerNoPhone: 'By phone (customer’s number not given)',
    byPhoneNoNumber: 'By phone (number not given: write to us to give it)',
    phone: (phone: string) => `Phone: ${phone}`,
    online: 'Online',
    onlineLink: 'Online, at the link',
  },
};

function oneLine(parts: (string | null | undefined)[]): string {
  return parts.filter((p): p is string => Boolean(p)).join(', ');
}

/**
 * The place of a booking, from its service's place: the business address, the customer's
 * address, the customer's phone, or the service's link. One answer for the confirmation page,
 * every mail and the calendar file, so they cannot disagree.
 */
export function bookingPlace(
  booking: Pick<Booking, 'customer'>,
  service: Pick<Service, 'location' | 'onlineUrl'>,
  business: BusinessProfile,
  locale: Locale,
  audience: 'customer' | 'owner' = 'customer',
): BookingPlace {
  const t = texts[locale];
  const owner = audience === 'owner';
  const c = booking.customer;
  switch (service.location) {
    case 'customer_address': {
      const a = c.address;
      const text = a ? oneLine([a.line1, a.line2, `${a.postalCode} ${a.city}`, a.country === business.address.country ? null : countryName(a.country, locale)]) : owner ? t.ownerNoAddress : t.atCustomer;
      return { kind: 'customer_address', label: t.serviceAddress, text, location: a ? text : '', url: null };
    }
    case 'phone': {
      const phone = c.phone ? formatPhone(c.phone) : null;
      return { kind: 'phone', label: t.place, text: phone ? (owner ? t.callCustomer(phone) : t.byPhone(phone)) : owner ? t.ownerNoPhone : t.byPhoneNoNumber, location: phone ? t.phone(phone) : '', url: null };
    }
    case 'online': {
      const url = service.onlineUrl;
      return { kind: 'online', label: url ? t.onlineLink : t.place, text: url ?? t.online, location: url ?? t.online, url };
    }
    default: {
      const a = business.address;
      const text = oneLine([a.line1, `${a.postalCode} ${a.city}`]);
      return { kind: 'business', label: t.place, text, location: text, url: null };
    }
  }
}

/** Where a service happens, before anyone books it: for the service page. */
export function servicePlaceText(service: Pick<Service, 'location'>, business: BusinessProfile, locale: Locale): string {
  const fr = locale === 'fr';
  switch (service.location) {
    case 'customer_address':
      return fr ? 'Chez vous, à l’adresse que vous indiquez' : 'At your place, at the address you give';
    case 'phone':
      return fr ? 'Par téléphone\u00a0: nous vous appelons' : 'By phone: we call you';
    case 'online':
      return fr ? 'En ligne\u00a0: le lien vous est envoyé avec la confirmation' : 'Online: the link comes with the confirmation';
    default:
      return oneLine([business.address.line1, `${business.address.postalCode} ${business.address.city}`]);
  }
}

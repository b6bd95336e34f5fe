import type { PaymentStatus } from '../payments/index.js';
import type { Localized } from '../../platform/i18n/locale.js';

export interface PostalAddress {
  line1: string;
  line2: string | null;
  postalCode: string;
  city: string;
  country: string;
}

/** A person's details: what a booking gives, what the owner corrects. */
export interface CustomerDetails {
  lastName: string | null;
  firstName: string | null;
  company: string | null;
  /** Country of residence, ISO 3166-1 alpha-2. */
  country: string | null;
  /** As typed. */
  email: string;
  /** E.164. */
  phone: string | null;
  address: PostalAddress | null;
}

export interface Customer extends CustomerDetails {
  id: string;
  /** End of the latest booking: the retention period runs from it. */
  lastBookingAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerNote {
  id: string;
  body: string;
  adminEmail: string;
  createdAt: string;
}

/** The fields whose changes are recorded, one history line each. */
export const customerFields = [
  'lastName',
  'firstName',
  'company',
  'country',
  'email',
  'phone',
  'address.line1',
  'address.line2',
  'address.postalCode',
  'address.city',
  'address.country',
] as const;
export type CustomerField = (typeof customerFields)[number];

export interface CustomerChange {
  field: CustomerField;
  before: string | null;
  after: string | null;
  /** 'customer': changed by the customer in their own space. */
  actor: 'owner' | 'booking' | 'customer';
  adminEmail: string | null;
  bookingId: string | null;
  changedAt: string;
}

/** A booking as the customer's page lists it; the booking module provides these (app.ts wires the port). */
export interface CustomerBooking {
  id: string;
  reference: string;
  start: string;
  status: string;
  serviceName: Localized;
  priceCents: number;
  currency: string;
  /** What it received against its price (payments module), when known. */
  payment?: PaymentStatus;
  /** Holds its place waiting for its online payment (status still confirmed): shown « En attente de paiement », not « Confirmée ». */
  awaitingPayment?: boolean;
}

/** Who changes a customer in the back office. */
export interface Editor {
  id: string;
  email: string;
}

export function fieldValue(details: CustomerDetails, field: CustomerField): string | null {
  if (field.startsWith('address.')) {
    const part = field.slice('address.'.length) as keyof PostalAddress;
    return details.address?.[part] ?? null;
  }
  return details[field as Exclude<CustomerField, `address.${string}`>];
}

export function customerName(c: Pick<CustomerDetails, 'firstName' | 'lastName' | 'email'>): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email;
}

import type { Locale } from '../../platform/i18n/locale.js';
import type { CustomerDetails } from '../customers/index.js';

/** What the customer told us when booking (privacy policy, art. 2): the booking's snapshot has the customer record's shape. */
export type { CustomerDetails, PostalAddress } from '../customers/index.js';

export const bookingStatuses = ['confirmed', 'cancelled'] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

export interface Booking {
  id: string;
  reference: string;
  serviceId: string;
  start: string;
  end: string;
  status: BookingStatus;
  /** The person (customers module); `customer` is the snapshot of the details given when booking. */
  customerId: string | null;
  customer: CustomerDetails;
  locale: Locale;
  priceCents: number;
  vatRateBp: number;
  currency: string;
  /** The terms in force when booking, shown to the customer. */
  termsVersion: string;
  /** Whether the customer expressly accepted them (the site's form requires it; the API records what its client says). */
  termsAccepted: boolean;
  privacyNoticeVersion: string;
  withdrawalPolicy: string;
  earlyPerformanceRequested: boolean;
  /** 'owner': taken by the owner in the back office (a customer who phoned, say). */
  source: 'web' | 'api' | 'owner';
  createdAt: string;
  cancelledAt: string | null;
  cancelledBy: 'customer' | 'owner' | null;
  cancellationReason: string | null;
  /** Recorded by the owner once the start is past (absent on a booking being made). */
  attendance?: Attendance | null;
  /** Places taken; priceCents is the price of one place times this. */
  quantity: number;
  /** The group session booked, for a session service. */
  sessionId: string | null;
  /** Holding its place while its online payment is pending (« en attente de paiement »); released when the payment window lapses. */
  awaitingPayment?: boolean;
}

export type Attendance = 'honoured' | 'no_show';

/** A booking's status as the customer and the API read it: a booking holding its place for its online payment is pending_payment. */
export const publicBookingStatuses = ['confirmed', 'pending_payment', 'cancelled'] as const;
export type PublicBookingStatus = (typeof publicBookingStatuses)[number];
export function publicStatusOf(booking: Pick<Booking, 'status' | 'awaitingPayment'>): PublicBookingStatus {
  return booking.status === 'confirmed' && booking.awaitingPayment ? 'pending_payment' : booking.status;
}

export interface BookingEvent {
  /** 'details': the owner corrected the customer's details recorded on the booking. */
  type: 'created' | 'cancelled' | 'moved' | 'details' | 'honoured' | 'no_show';
  actor: 'customer' | 'owner';
  details: Record<string, string>;
  createdAt: string;
}

/** The booking's own length: the service's may have changed since. */
export function bookingMinutes(booking: Pick<Booking, 'start' | 'end'>): number {
  return Math.round((Date.parse(booking.end) - Date.parse(booking.start)) / 60_000);
}

export function customerDisplayName(customer: CustomerDetails): string {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ');
  return name || customer.email;
}

/** What the customer may still do online with a booking, and until when (use-cases/cutoff.ts). */
export interface CustomerChanges {
  /** The instant (ISO) after which the booking can no longer be moved or cancelled online. */
  deadline: string;
  /** The cut-off in hours before the start, as the pages state it. */
  cutoffHours: number;
  /** Confirmed and before the cut-off. */
  allowed: boolean;
  /** Why not, when not: cancelled, or past the cut-off. */
  reason: 'cancelled' | 'cutoff' | null;
  /** Its start is past. */
  started: boolean;
}

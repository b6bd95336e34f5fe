/** Table types of the booking module. Rows never leave the module: booking.queries.ts maps them to domain objects. */

export interface BookingsTable {
  id: string;
  /** Short, unguessable, shown to the customer and the owner. */
  reference: string;
  service_id: string;
  start_at: string;
  end_at: string;
  /** start_at minus the service's buffer before: the agenda is busy from here. */
  blocked_from: string;
  /** end_at plus the service's buffer after: the agenda is busy until here. */
  blocked_until: string;
  status: 'confirmed' | 'cancelled';
  /** The customer (customers module); null once the customer was erased, until the snapshot below is anonymised. */
  customer_id: string | null;
  customer_last_name: string | null;
  customer_first_name: string | null;
  customer_company: string | null;
  customer_country: string | null;
  customer_email: string;
  customer_phone: string | null;
  address_line1: string | null;
  address_line2: string | null;
  address_postal_code: string | null;
  address_city: string | null;
  address_country: string | null;
  locale: 'fr' | 'en';
  price_cents: number;
  vat_rate_bp: number;
  currency: string;
  terms_version: string;
  /** 1 when the customer ticked "I accept the terms" (always on the site; when the API client says so). */
  terms_accepted: number;
  privacy_notice_version: string;
  withdrawal_policy: string;
  /** 1 when the customer expressly asked for the service to start before the 14-day withdrawal period ends. */
  early_performance_requested: number;
  source: 'web' | 'api' | 'owner';
  idempotency_key: string | null;
  request_fingerprint: string | null;
  created_at: string;
  updated_at: string;
  cancelled_at: string | null;
  cancelled_by: 'customer' | 'owner' | null;
  cancellation_reason: string | null;
  /** Set by the owner once the start is past: the customer came (honoured) or did not (no_show). */
  attendance: 'honoured' | 'no_show' | null;
  /** Places this booking takes in its slot or session (1 unless the service allows more). */
  quantity: number;
  /** The group session booked, for a session service; null otherwise. */
  session_id: string | null;
  /** 1 while the booking holds its place waiting for its online payment (status stays 'confirmed' so that every capacity check counts it); 0 once paid, or paid on site. */
  awaiting_payment: number;
}

export interface BookingEventsTable {
  id: string;
  booking_id: string;
  type: 'created' | 'cancelled' | 'moved' | 'details' | 'honoured' | 'no_show';
  actor: 'customer' | 'owner';
  /** JSON: the instants before and after a move, the reason of a cancellation. */
  details: string;
  created_at: string;
}

/** One row ('owner'): the owner's calendar feed URL is an HMAC of this generation; a new generation revokes the old URL. */
export interface OwnerCalendarFeedTable {
  id: string;
  generation: number;
  updated_at: string;
}

export interface BookingTables {
  bookings: BookingsTable;
  booking_events: BookingEventsTable;
  owner_calendar_feed: OwnerCalendarFeedTable;
}

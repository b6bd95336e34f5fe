/** Table types of the catalog module. Rows never leave the module: catalog.queries.ts maps them to domain objects. */

export interface ServicesTable {
  id: string;
  slug: string;
  name_fr: string;
  name_en: string;
  description_fr: string;
  description_en: string;
  duration_minutes: number;
  /** Price including VAT, in cents. */
  price_cents: number;
  currency: string;
  /** VAT rate in basis points: 2000 is 20 %. */
  vat_rate_bp: number;
  /** How many bookings may share one slot. */
  capacity: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  min_notice_minutes: number;
  horizon_days: number;
  /** Minutes between two proposed start times; null means the duration of the service. */
  slot_step_minutes: number | null;
  /** JSON array of the optional customer fields this service requires. */
  required_fields: string;
  withdrawal_policy: string;
  /** Where it happens: business, customer_address, phone or online. */
  location: string;
  /** The https link of an online service, sent to the customer in the confirmation. */
  online_url: string | null;
  /** 1 when the service can be booked, 0 when it is retired. */
  active: number;
  position: number;
  /** 'open_hours': any free slot of the opening hours; 'sessions': only the sessions the owner schedules. */
  scheduling: 'open_hours' | 'sessions';
  /** Most places one booking may take. */
  max_places_per_booking: number;
  /** Null: the business profile's reminder delay (settings). */
  reminder_hours_before: number | null;
  /** Null: the business profile's cancellation cut-off (settings). */
  cancellation_cutoff_hours: number | null;
  /** JSON array of on_site, stripe, paypal: how the service may be paid. */
  payment_options: string;
  /** 1–99: the share payable online as a deposit; null: none. */
  deposit_percent: number | null;
  created_at: string;
  updated_at: string;
}

export interface OpeningHoursTable {
  id: string;
  /** ISO weekday: 1 is Monday, 7 is Sunday. */
  weekday: number;
  /** Local wall-clock time in the business time zone, "HH:MM". */
  opens_at: string;
  closes_at: string;
}

export interface ClosuresTable {
  id: string;
  starts_at: string;
  ends_at: string;
  label: string;
  created_at: string;
}

/** A group session the owner schedules for a session service. Holds no personal data. */
export interface SessionsTable {
  id: string;
  service_id: string;
  starts_at: string;
  /** starts_at plus the service's duration when scheduled. */
  ends_at: string;
  places: number;
  /** Fewest places booked for the session to take place; null when it always does. Set with decision_at. */
  min_participants: number | null;
  /** When the minimum is checked: below it, the session is cancelled and its bookings with it. */
  decision_at: string | null;
  status: 'scheduled' | 'confirmed' | 'cancelled';
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CatalogTables {
  services: ServicesTable;
  sessions: SessionsTable;
  opening_hours: OpeningHoursTable;
  closures: ClosuresTable;
}

import type { Database } from '../../../db/database.js';
import type { BusinessProfile } from '../../../platform/business.js';
import type { Clock } from '../../../platform/clock.js';
import { FIRST_YEAR, LAST_YEAR } from '../../../platform/time-zone.js';
import type { CatalogService, Service } from '../../catalog/index.js';
import type { EventBus, JobsService } from '../../jobs/index.js';
import type { OutboxService } from '../../outbox/index.js';
import { createManageTokens } from './booking-mail.js';
import type { OnlinePaymentsPort } from './online-payment.js';
import type { RefundsPort } from './cancel.js';

export interface BookingDeps {
  database: Database;
  clock: Clock;
  catalog: CatalogService;
  outbox: OutboxService;
  jobs: JobsService;
  /** Where the booking's events go (the webhooks listen): each scheduled in the transaction of its change. */
  events: EventBus;
  /** How many hours before its start a booking of a service is reminded by mail (0: never); default 24. */
  reminderHoursFor?: (service: Service) => number;
  /**
   * How many hours before its start a booking of a service stops being movable or cancellable
   * online by its customer (the cut-off; after it, by phone or e-mail); default 24.
   */
  cancellationCutoffHoursFor?: (service: Service) => number;
  /** How often group sessions whose decision time has come are looked for (default a minute). */
  sessionCheckMs?: number;
  /** The business profile in force (the settings module's; the owner may edit it at any time). */
  business: () => BusinessProfile;
  secretKey: string;
  baseUrl: string;
  /** The versions in force now, recorded on each booking. */
  termsVersion: () => string;
  privacyNoticeVersion: () => string;
  /** Told after every change to the agenda (the page cache renders the slots again). */
  onChange?: () => void;
  /** Bookings a customer may make (form or API) with one e-mail address in a rolling hour; 0 or unset: no limit. */
  bookingsPerEmailPerHour?: number;
  /** Online payments (payments module, wired in app.ts); unset: every booking is paid on site. */
  onlinePayments?: OnlinePaymentsPort;
  /** Refunds (payments module, wired in app.ts); unset: a cancellation gives nothing back by itself. */
  refunds?: RefundsPort;
}

/** What every use case of the booking service shares, built once by createBookingService. */
export interface BookingContext {
  deps: BookingDeps;
  database: Database;
  clock: Clock;
  catalog: CatalogService;
  outbox: OutboxService;
  jobs: JobsService;
  events: EventBus;
  business: BusinessProfile;
  /** The business's time zone: local dates and opening hours are read in it. */
  zone: string;
  /** The site's host name, which calendar UIDs end with. */
  domain: string;
  /** Tells the page cache that the agenda changed. */
  agendaChanged: () => void;
  /** The HMAC of a booking's reference in its manage link (signed once per reference, then kept). */
  manageToken: (reference: string) => string;
}

export function createBookingContext(deps: BookingDeps): BookingContext {
  const { database, clock, catalog, outbox, jobs, events, business } = deps;
  const agendaChanged = deps.onChange ?? (() => undefined);
  return {
    deps,
    database,
    clock,
    catalog,
    outbox,
    jobs,
    events,
    // Read at each use, so a mail written after the owner saved the profile carries the new one.
    get business() {
      return business();
    },
    zone: business().timezone,
    domain: new URL(deps.baseUrl).hostname,
    agendaChanged: () => agendaChanged(),
    manageToken: createManageTokens(deps.secretKey),
  };
}

export const MINUTE = 60_000;

/**
 * The years an agenda can hold. Outside them an instant has no four-digit ISO form that
 * PostgreSQL reads ("+010000-…", "-000001-…", year 0), so it is refused before any query.
 */
export const withinAgendaYears = (year: number) => year >= FIRST_YEAR && year <= LAST_YEAR;

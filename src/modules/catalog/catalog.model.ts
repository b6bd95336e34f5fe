import type { Localized } from '../../platform/i18n/locale.js';

/** Customer fields a service may require or leave optional. The e-mail address is always required. */
export const customerFields = ['lastName', 'firstName', 'company', 'country', 'phone', 'address'] as const;
export type CustomerField = (typeof customerFields)[number];
/** What the privacy policy (art. 2) says is needed to process a booking. */
export const defaultRequiredFields: CustomerField[] = ['lastName', 'firstName', 'country', 'phone'];

/**
 * The consumer's 14-day withdrawal right for this service (code de la consommation):
 * - applies: the right applies; a booking inside the 14 days may ask for early performance (L221-25);
 * - dated_leisure: excluded, a leisure service supplied on a fixed date (L221-28 12°);
 * - performed_at_request: excluded once fully performed, at the customer's express request (L221-28 1°).
 */
export const withdrawalPolicies = ['applies', 'dated_leisure', 'performed_at_request'] as const;
export type WithdrawalPolicy = (typeof withdrawalPolicies)[number];

/**
 * Where a service happens:
 * - business: at the business address of the profile;
 * - customer_address: at the customer's address, which the booking form then requires (« Adresse d'intervention »);
 * - phone: a call to the customer's number, which the form then requires;
 * - online: at a link the owner gives (https), sent in the confirmation.
 */
export const serviceLocations = ['business', 'customer_address', 'phone', 'online'] as const;
export type ServiceLocation = (typeof serviceLocations)[number];

/** The customer fields a booking of this service needs: the owner's choice, plus what its place needs. */
export function requiredFieldsOf(service: Pick<Service, 'requiredFields' | 'location'>): CustomerField[] {
  const fields = new Set(service.requiredFields);
  if (service.location === 'customer_address') fields.add('address');
  if (service.location === 'phone') fields.add('phone');
  return customerFields.filter((f) => fields.has(f));
}

/**
 * Bounds the schemas and the database enforce. The booking module relies on them: a booking
 * keeps the agenda busy for at most duration + both buffers, so busy intervals overlapping a
 * range all start less than that before it, and the index can be read from there on.
 */
export const MAX_DURATION_MINUTES = 24 * 60;
export const MAX_BUFFER_MINUTES = 24 * 60;
export const MAX_BUSY_SPAN_MINUTES = MAX_DURATION_MINUTES + 2 * MAX_BUFFER_MINUTES;

/**
 * How a service may be paid: on site (the owner records it), or online through Stripe or PayPal
 * (offered only when that provider is configured). Every service is paid on site unless the
 * owner chose otherwise in its form.
 */
export const paymentOptions = ['on_site', 'stripe', 'paypal'] as const;
export type PaymentOption = (typeof paymentOptions)[number];
export type OnlineProvider = Exclude<PaymentOption, 'on_site'>;
/** What a customer chooses when booking: pay it all on site or online, or a deposit online and the rest on site. */
export const paymentChoices = ['on_site', 'stripe', 'paypal', 'deposit_stripe', 'deposit_paypal'] as const;
export type PaymentChoice = (typeof paymentChoices)[number];

/**
 * The choices a customer has for a service, given the providers configured now: a free service
 * is never paid; an online provider needs its keys; a deposit needs a percentage and the provider.
 * On site is always kept when nothing else is left, so a service can always be booked.
 */
export function paymentChoicesOf(service: Pick<Service, 'priceCents' | 'paymentOptions' | 'depositPercent'>, configured: readonly OnlineProvider[]): PaymentChoice[] {
  if (service.priceCents <= 0) return ['on_site'];
  const online = (['stripe', 'paypal'] as const).filter((p) => service.paymentOptions.includes(p) && configured.includes(p));
  const choices: PaymentChoice[] = [];
  if (service.paymentOptions.includes('on_site')) choices.push('on_site');
  choices.push(...online);
  if (service.depositPercent) choices.push(...online.map((p) => `deposit_${p}` as const));
  return choices.length ? choices : ['on_site'];
}

/** The amount paid online for a choice: the price, or the deposit's share of it (rounded to the cent, at least 1). */
export function onlineAmountOf(priceCents: number, choice: PaymentChoice, depositPercent: number | null): number {
  if (choice === 'on_site') return 0;
  if (!choice.startsWith('deposit_')) return priceCents;
  return Math.max(1, Math.round((priceCents * (depositPercent ?? 0)) / 100));
}

/** How a service is offered: at any free slot of the opening hours, or only at the sessions the owner schedules. */
export const schedulingModes = ['open_hours', 'sessions'] as const;
export type Scheduling = (typeof schedulingModes)[number];

export interface Service {
  id: string;
  slug: string;
  name: Localized;
  description: Localized;
  /** Whether the owner wrote the English texts; when not, `name.en` and `description.en` repeat the French. */
  english?: { name: boolean; description: boolean };
  durationMinutes: number;
  priceCents: number;
  currency: string;
  vatRateBp: number;
  capacity: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  /** Minutes between proposed start times; the duration when null. */
  slotStepMinutes: number | null;
  requiredFields: CustomerField[];
  withdrawalPolicy: WithdrawalPolicy;
  location: ServiceLocation;
  /** The https link of an online service; null for the other places. */
  onlineUrl: string | null;
  active: boolean;
  position: number;
  scheduling: Scheduling;
  /** Most places one booking may take (1: one person per booking). */
  maxPlacesPerBooking: number;
  /** Hours before a booking its reminder goes (0: none); null or absent: the business profile's default. */
  reminderHoursBefore?: number | null;
  /** Until how many hours before a booking the customer may cancel or move it; null or absent: the profile's default. */
  cancellationCutoffHours?: number | null;
  /** How it may be paid (on site only for services made before online payments). */
  paymentOptions: PaymentOption[];
  /** The share of the price (1–99 %) a customer may pay online as a deposit, the rest on site; null: no deposit. */
  depositPercent: number | null;
}

/** The defaults the business profile gives (settings module), which a service may override. */
export interface BookingPolicyDefaults {
  reminderHoursBefore: number;
  cancellationCutoffHours: number;
}

/**
 * A service's own reminder delay and cancellation cut-off, or the profile's where it has none:
 *   effectiveBookingPolicy(service, await settings.current())
 */
export function effectiveBookingPolicy(service: Pick<Service, 'reminderHoursBefore' | 'cancellationCutoffHours'>, defaults: BookingPolicyDefaults): BookingPolicyDefaults {
  return {
    reminderHoursBefore: service.reminderHoursBefore ?? defaults.reminderHoursBefore,
    cancellationCutoffHours: service.cancellationCutoffHours ?? defaults.cancellationCutoffHours,
  };
}

export type ServiceInput = Omit<Service, 'id'>;

/** One opening interval of a weekday, in the business's local time. Weekday 1 is Monday, 7 Sunday. */
export interface OpeningInterval {
  weekday: number;
  opensAt: string;
  closesAt: string;
}

export type SessionStatus = 'scheduled' | 'confirmed' | 'cancelled';

/**
 * A group session of a session service: a date and time, a number of places and, optionally,
 * a minimum of places booked by a decision time (below it, the session is cancelled).
 * 'confirmed' means the minimum was reached at the decision time; it stays bookable.
 */
export interface Session {
  id: string;
  serviceId: string;
  startsAt: string;
  endsAt: string;
  places: number;
  minParticipants: number | null;
  decisionAt: string | null;
  status: SessionStatus;
  cancelledAt: string | null;
}

/** A period when nothing can be booked (holidays, a day off), as instants. */
export interface Closure {
  id: string;
  startsAt: string;
  endsAt: string;
  label: string;
}

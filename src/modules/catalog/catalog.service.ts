import { DateTime } from 'luxon';
import type { Database } from '../../db/database.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/dialect.js';
import type { Clock } from '../../platform/clock.js';
import { ValidationFailed } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { frenchTypography } from '../../platform/i18n/typography.js';
import { createSingleFlight } from '../../platform/single-flight.js';
import { catalogErrors, catalogFieldMessages } from './catalog.errors.js';
import type { Closure, OnlineProvider, OpeningInterval, Service, ServiceInput } from './catalog.model.js';
import * as queries from './catalog.queries.js';
import { createSessionCatalog } from './sessions.service.js';
import { SLUG_MAX_LENGTH, slugPattern, type ClosureForm, type ServiceForm } from './catalog.schemas.js';

export interface CatalogDeps {
  database: Database;
  clock: Clock;
  timezone: string;
  /** The online payment providers whose keys are set: a service may only offer these. */
  onlineProviders?: readonly OnlineProvider[];
  /** Told after every change to what is offered or when (the page cache renders again). */
  onChange?: () => void;
}

export type CatalogService = ReturnType<typeof createCatalogService>;

/** What the business offers and when it is open. */
export function createCatalogService({ database, clock, timezone, onlineProviders = [], onChange: onChanged = () => undefined }: CatalogDeps) {
  const { db } = database;
  // Every booking and every slot list reads the same few rows (a service, the hours, the day's closures and sessions).
  const reads = createSingleFlight();
  function onChange(): void {
    reads.changed();
    onChanged();
  }
  /** Runs a write, then says the catalog changed. */
  async function changing<T>(write: Promise<T>): Promise<T> {
    const result = await write;
    onChange();
    return result;
  }

  async function serviceBySlug(slug: string, options: { activeOnly: boolean } = { activeOnly: true }): Promise<Service> {
    // A slug no service can have is not looked up: a NUL byte in the URL would make PostgreSQL fail, not answer "none".
    if (slug.length > SLUG_MAX_LENGTH || !slugPattern.test(slug)) throw catalogErrors.SERVICE_NOT_FOUND();
    const service = await reads.run(`service:${slug}`, () => queries.selectServiceBySlug(db, slug));
    if (!service || (options.activeOnly && !service.active)) throw catalogErrors.SERVICE_NOT_FOUND();
    return service;
  }

  async function serviceById(id: string): Promise<Service> {
    const service = await queries.selectServiceById(db, id);
    if (!service) throw catalogErrors.SERVICE_NOT_FOUND();
    return service;
  }

  async function saveService(id: string | undefined, form: ServiceForm, locale: Locale = 'fr'): Promise<Service> {
    const input: ServiceInput = {
      slug: form.slug,
      // The owner's French is saved with French typography (non-breaking spaces before : ; ! ? and inside « »).
      name: { fr: frenchTypography(form.nameFr), en: form.nameEn ?? frenchTypography(form.nameFr) },
      description: { fr: frenchTypography(form.descriptionFr), en: form.descriptionEn ?? frenchTypography(form.descriptionFr) },
      english: { name: form.nameEn !== undefined, description: form.descriptionEn !== undefined },
      durationMinutes: form.durationMinutes,
      priceCents: form.price,
      currency: 'EUR',
      vatRateBp: form.vatRate,
      capacity: form.capacity,
      bufferBeforeMinutes: form.bufferBeforeMinutes,
      bufferAfterMinutes: form.bufferAfterMinutes,
      minNoticeMinutes: form.minNoticeMinutes,
      horizonDays: form.horizonDays,
      slotStepMinutes: form.slotStepMinutes,
      requiredFields: form.requiredFields,
      withdrawalPolicy: form.withdrawalPolicy,
      location: form.location ?? 'business',
      onlineUrl: form.location === 'online' ? (form.onlineUrl ?? null) : null,
      active: form.active,
      position: form.position,
      scheduling: form.scheduling ?? 'open_hours',
      maxPlacesPerBooking: form.maxPlacesPerBooking ?? 1,
      reminderHoursBefore: form.reminderHoursBefore ?? null,
      cancellationCutoffHours: form.cancellationCutoffHours ?? null,
      paymentOptions: form.paymentOptions ?? ['on_site'],
      depositPercent: form.depositPercent ?? null,
    };
    // A provider without its keys cannot be newly offered; one already offered stays (the booking form hides it while its keys are missing).
    const before = id === undefined ? [] : ((await queries.selectServiceById(db, id))?.paymentOptions ?? []);
    const unconfigured = input.paymentOptions.filter((o) => o !== 'on_site' && !onlineProviders.includes(o) && !before.includes(o));
    if (unconfigured.length) throw new ValidationFailed([catalogFieldMessages.PROVIDER_NOT_CONFIGURED(locale)]);
    const now = clock.now().toISOString();
    try {
      if (id === undefined) return await queries.insertService(db, input, now);
      if (!(await queries.updateServiceRow(db, id, input, now))) throw catalogErrors.SERVICE_NOT_FOUND();
      return { id, ...input };
    } catch (error) {
      if (isUniqueViolation(error)) throw catalogErrors.SLUG_TAKEN();
      throw error;
    }
  }

  /** Local wall-clock dates and times → instants, in the business's time zone. */
  function closureFromForm(form: ClosureForm, locale: Locale): Omit<Closure, 'id'> {
    const start = DateTime.fromISO(`${form.startDate}T${form.startTime || '00:00'}`, { zone: timezone });
    const end = form.endTime
      ? DateTime.fromISO(`${form.endDate}T${form.endTime}`, { zone: timezone })
      : DateTime.fromISO(form.endDate, { zone: timezone }).plus({ days: 1 });
    if (end <= start) {
      throw new ValidationFailed([catalogFieldMessages.CLOSURE_ENDS_BEFORE_START(locale)]);
    }
    return { startsAt: start.toUTC().toISO()!, endsAt: end.toUTC().toISO()!, label: form.label };
  }

  return {
    /** Group sessions of session services. */
    sessions: createSessionCatalog({ database, clock, timezone, reads, onChange }),
    listServices: (options: { activeOnly: boolean } = { activeOnly: true }) => queries.selectServices(db, options),
    serviceBySlug,
    serviceById,
    createService: (form: ServiceForm, locale?: Locale) => changing(saveService(undefined, form, locale)),
    updateService: (id: string, form: ServiceForm, locale?: Locale) => changing(saveService(id, form, locale)),
    /** The online providers configured now (their keys are set): the service form offers only these. */
    onlineProviders,

    /** Deletes a service no booking refers to; one with bookings is retired instead (unticked). */
    async deleteService(id: string): Promise<void> {
      try {
        if (!(await queries.deleteServiceRow(db, id))) throw catalogErrors.SERVICE_NOT_FOUND();
      } catch (error) {
        if (isForeignKeyViolation(error)) throw catalogErrors.SERVICE_HAS_BOOKINGS();
        throw error;
      }
      onChange();
    },

    openingHours: (): Promise<OpeningInterval[]> => reads.run('opening-hours', () => queries.selectOpeningHours(db)),
    replaceOpeningHours: (intervals: OpeningInterval[]) => changing(queries.replaceOpeningHours(db, intervals)),

    /** Closures overlapping [from, to), both instants. */
    closuresBetween: (fromIso: string, toIso: string) => reads.run(`closures:${fromIso}:${toIso}`, () => queries.selectClosuresOverlapping(db, fromIso, toIso)),
    upcomingClosures: () => queries.selectClosuresEndingAfter(db, clock.now().toISOString()),
    addClosure: async (form: ClosureForm, locale: Locale) => changing(queries.insertClosure(db, closureFromForm(form, locale), clock.now().toISOString())),
    async closureById(id: string): Promise<Closure> {
      const closure = await queries.selectClosureById(db, id);
      if (!closure) throw catalogErrors.CLOSURE_NOT_FOUND();
      return closure;
    },
    async deleteClosure(id: string): Promise<void> {
      if (!(await queries.deleteClosureRow(db, id))) throw catalogErrors.CLOSURE_NOT_FOUND();
      onChange();
    },
  };
}

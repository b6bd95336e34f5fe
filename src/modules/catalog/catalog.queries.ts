import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { newId } from '../../platform/ids.js';
import { customerFields, paymentOptions, type Closure, type PaymentOption, type CustomerField, type OpeningInterval, type Service, type ServiceInput, type ServiceLocation, type WithdrawalPolicy } from './catalog.model.js';
import type { ServicesTable } from './catalog.tables.js';

type Db = Kysely<DB>;

function toService(row: Selectable<ServicesTable>): Service {
  return {
    id: row.id,
    slug: row.slug,
    // English texts are optional: the English site shows the French ones instead.
    name: { fr: row.name_fr, en: row.name_en || row.name_fr },
    description: { fr: row.description_fr, en: row.description_en || row.description_fr },
    english: { name: row.name_en !== '', description: row.description_en !== '' },
    durationMinutes: row.duration_minutes,
    priceCents: row.price_cents,
    currency: row.currency,
    vatRateBp: row.vat_rate_bp,
    capacity: row.capacity,
    bufferBeforeMinutes: row.buffer_before_minutes,
    bufferAfterMinutes: row.buffer_after_minutes,
    minNoticeMinutes: row.min_notice_minutes,
    horizonDays: row.horizon_days,
    slotStepMinutes: row.slot_step_minutes,
    requiredFields: parseRequiredFields(row.required_fields),
    withdrawalPolicy: row.withdrawal_policy as WithdrawalPolicy,
    location: row.location as ServiceLocation,
    onlineUrl: row.online_url,
    active: row.active === 1,
    position: row.position,
    scheduling: row.scheduling,
    maxPlacesPerBooking: row.max_places_per_booking,
    reminderHoursBefore: row.reminder_hours_before,
    cancellationCutoffHours: row.cancellation_cutoff_hours,
    paymentOptions: parsePaymentOptions(row.payment_options),
    depositPercent: row.deposit_percent,
  };
}

function parsePaymentOptions(json: string): PaymentOption[] {
  const parsed: unknown = JSON.parse(json);
  const options = Array.isArray(parsed) ? paymentOptions.filter((o) => parsed.includes(o)) : [];
  return options.length ? options : ['on_site'];
}

function parseRequiredFields(json: string): CustomerField[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((f): f is CustomerField => (customerFields as readonly string[]).includes(f)) : [];
}

function toServiceRow(input: ServiceInput) {
  return {
    slug: input.slug,
    name_fr: input.name.fr,
    name_en: input.english?.name === false ? '' : input.name.en,
    description_fr: input.description.fr,
    description_en: input.english?.description === false ? '' : input.description.en,
    duration_minutes: input.durationMinutes,
    price_cents: input.priceCents,
    currency: input.currency,
    vat_rate_bp: input.vatRateBp,
    capacity: input.capacity,
    buffer_before_minutes: input.bufferBeforeMinutes,
    buffer_after_minutes: input.bufferAfterMinutes,
    min_notice_minutes: input.minNoticeMinutes,
    horizon_days: input.horizonDays,
    slot_step_minutes: input.slotStepMinutes,
    required_fields: JSON.stringify(input.requiredFields),
    withdrawal_policy: input.withdrawalPolicy,
    location: input.location,
    online_url: input.location === 'online' ? input.onlineUrl : null,
    active: input.active ? 1 : 0,
    position: input.position,
    scheduling: input.scheduling,
    max_places_per_booking: input.maxPlacesPerBooking,
    reminder_hours_before: input.reminderHoursBefore ?? null,
    cancellation_cutoff_hours: input.cancellationCutoffHours ?? null,
    payment_options: JSON.stringify(paymentOptions.filter((o) => (input.paymentOptions ?? ['on_site']).includes(o))),
    deposit_percent: input.depositPercent ?? null,
  };
}

export async function selectServices(db: Db, options: { activeOnly: boolean }): Promise<Service[]> {
  let query = db.selectFrom('services').selectAll().orderBy('position').orderBy('name_fr');
  if (options.activeOnly) query = query.where('active', '=', 1);
  return (await query.execute()).map(toService);
}

export async function selectServiceBySlug(db: Db, slug: string): Promise<Service | undefined> {
  const row = await db.selectFrom('services').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row && toService(row);
}

export async function selectServiceById(db: Db, id: string): Promise<Service | undefined> {
  const row = await db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toService(row);
}

export async function insertService(db: Db, input: ServiceInput, nowIso: string): Promise<Service> {
  const id = newId();
  await db
    .insertInto('services')
    .values({ id, ...toServiceRow(input), created_at: nowIso, updated_at: nowIso })
    .execute();
  return { id, ...input };
}

export async function updateServiceRow(db: Db, id: string, input: ServiceInput, nowIso: string): Promise<boolean> {
  const result = await db
    .updateTable('services')
    .set({ ...toServiceRow(input), updated_at: nowIso })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function selectOpeningHours(db: Db): Promise<OpeningInterval[]> {
  const rows = await db.selectFrom('opening_hours').selectAll().orderBy('weekday').orderBy('opens_at').execute();
  return rows.map((r) => ({ weekday: r.weekday, opensAt: r.opens_at, closesAt: r.closes_at }));
}

export async function replaceOpeningHours(db: Db, intervals: OpeningInterval[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('opening_hours').execute();
    if (intervals.length === 0) return;
    await trx
      .insertInto('opening_hours')
      .values(intervals.map((i) => ({ id: newId(), weekday: i.weekday, opens_at: i.opensAt, closes_at: i.closesAt })))
      .execute();
  });
}

/** Closures that overlap [fromIso, toIso). */
export async function selectClosuresOverlapping(db: Db, fromIso: string, toIso: string): Promise<Closure[]> {
  const rows = await db
    .selectFrom('closures')
    .select(['id', 'starts_at', 'ends_at', 'label'])
    .where('starts_at', '<', toIso)
    .where('ends_at', '>', fromIso)
    .orderBy('starts_at')
    .execute();
  return rows.map((r) => ({ id: r.id, startsAt: r.starts_at, endsAt: r.ends_at, label: r.label }));
}

export async function selectClosuresEndingAfter(db: Db, nowIso: string): Promise<Closure[]> {
  const rows = await db.selectFrom('closures').select(['id', 'starts_at', 'ends_at', 'label']).where('ends_at', '>', nowIso).orderBy('starts_at').execute();
  return rows.map((r) => ({ id: r.id, startsAt: r.starts_at, endsAt: r.ends_at, label: r.label }));
}

export async function insertClosure(db: Db, closure: Omit<Closure, 'id'>, nowIso: string): Promise<Closure> {
  const id = newId();
  await db
    .insertInto('closures')
    .values({ id, starts_at: closure.startsAt, ends_at: closure.endsAt, label: closure.label, created_at: nowIso })
    .execute();
  return { id, ...closure };
}

/** False when there was no such service. A service still referenced by bookings makes the database refuse. */
export async function deleteServiceRow(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('services').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function selectClosureById(db: Db, id: string): Promise<Closure | undefined> {
  const row = await db.selectFrom('closures').select(['id', 'starts_at', 'ends_at', 'label']).where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, startsAt: row.starts_at, endsAt: row.ends_at, label: row.label };
}

export async function deleteClosureRow(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('closures').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The names of services by id, read with the caller's handle (a personal-data port's transaction): what a person's export shows beside their bookings. */
export async function selectServiceNames(db: Db, ids: readonly string[]): Promise<Map<string, { fr: string; en: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('services').select(['id', 'name_fr', 'name_en']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, { fr: r.name_fr, en: r.name_en }]));
}

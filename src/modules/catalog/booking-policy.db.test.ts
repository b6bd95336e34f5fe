import { afterAll, beforeAll, expect, it } from 'vitest';
import { fieldErrorOf, formValues, loggedInOwner, type AdminClient } from '../../../test/support/admin-client.js';
import { createTestApp, customer, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';
import { effectiveBookingPolicy } from './index.js';

describeEachDialect('a service’s own reminder delay and cancellation cut-off', (dialect: DialectName) => {
  let t: TestApp;
  let owner: AdminClient;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await loggedInOwner(t);
  });
  afterAll(() => t.close());

  it('are empty by default: the settings’ values apply, and follow the owner’s changes to them', async () => {
    const service = await t.services.catalog.serviceBySlug('diagnostic-informatique');
    expect(service).toMatchObject({ reminderHoursBefore: null, cancellationCutoffHours: null });
    expect(effectiveBookingPolicy(service, await t.services.settings.current())).toEqual({ reminderHoursBefore: 24, cancellationCutoffHours: 24 });
    const profile = await t.services.settings.current();
    await t.services.settings.save({ ...profile, reminderHoursBefore: 2, cancellationCutoffHours: 48 });
    expect(effectiveBookingPolicy(service, await t.services.settings.current())).toEqual({ reminderHoursBefore: 2, cancellationCutoffHours: 48 });
  });

  it('are set in the service form (0 turns the reminder off), refused beyond 30 days, and emptied back to the settings’ values', async () => {
    const service = await t.services.catalog.serviceBySlug('installation-a-domicile');
    const url = `/admin/prestations/${service.id}`;
    const page = await owner.get(url);
    const form = formValues(page.body, url) as Record<string, string>;
    expect(form).toMatchObject({ reminderHoursBefore: '', cancellationCutoffHours: '' });

    const refused = await owner.post(url, { ...form, reminderHoursBefore: '721', cancellationCutoffHours: 'deux' });
    expect(refused.statusCode).toBe(422);
    expect(fieldErrorOf(refused.body, 'reminderHoursBefore')).toBe('Saisissez un nombre entier d’heures, de 0 à 720, ou laissez vide pour le réglage général.');
    expect(fieldErrorOf(refused.body, 'cancellationCutoffHours')).toBe('Saisissez un nombre entier d’heures, de 0 à 720, ou laissez vide pour le réglage général.');

    expect((await owner.post(url, { ...form, reminderHoursBefore: '0', cancellationCutoffHours: '72' })).statusCode).toBe(303);
    const own = await t.services.catalog.serviceById(service.id);
    expect(own).toMatchObject({ reminderHoursBefore: 0, cancellationCutoffHours: 72 });
    expect(effectiveBookingPolicy(own, await t.services.settings.current())).toMatchObject({ reminderHoursBefore: 0, cancellationCutoffHours: 72 });

    await owner.get(url);
    expect((await owner.post(url, { ...form, reminderHoursBefore: '', cancellationCutoffHours: ' ' })).statusCode).toBe(303);
    expect(await t.services.catalog.serviceById(service.id)).toMatchObject({ reminderHoursBefore: null, cancellationCutoffHours: null });
  });

  it('set when each booking’s reminder is due: the service’s own delay, else the settings’, none at 0', async () => {
    const reminderAt = async (bookingId: string) =>
      (await t.db.database.db.selectFrom('jobs').select('run_at').where('key', '=', `booking.reminder:${bookingId}`).executeTakeFirst())?.run_at;
    const book = async (start: string, email: string) =>
      (await t.services.booking.bookSlot({ service: 'diagnostic-informatique', start, customer: customer({ email }), requestEarlyPerformance: true }, { locale: 'fr', source: 'web', requireTermsAcceptance: false })).booking;
    const service = await t.services.catalog.serviceBySlug('diagnostic-informatique');
    const profile = await t.services.settings.current();

    await t.services.settings.save({ ...profile, reminderHoursBefore: 48 });
    const byDefault = await book('2026-12-04T10:00:00+01:00', 'a@example.fr');
    expect(new Date((await reminderAt(byDefault.id))!).toISOString()).toBe('2026-12-02T09:00:00.000Z');

    const form = formValues((await owner.get(`/admin/prestations/${service.id}`)).body, `/admin/prestations/${service.id}`) as Record<string, string>;
    expect((await owner.post(`/admin/prestations/${service.id}`, { ...form, reminderHoursBefore: '2' })).statusCode).toBe(303);
    const own = await book('2026-12-04T14:00:00+01:00', 'b@example.fr');
    expect(new Date((await reminderAt(own.id))!).toISOString()).toBe('2026-12-04T11:00:00.000Z');

    await owner.get(`/admin/prestations/${service.id}`);
    expect((await owner.post(`/admin/prestations/${service.id}`, { ...form, reminderHoursBefore: '0' })).statusCode).toBe(303);
    const none = await book('2026-12-04T16:00:00+01:00', 'c@example.fr');
    expect(await reminderAt(none.id)).toBeUndefined();
  });
});

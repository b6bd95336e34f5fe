import { afterAll, beforeAll, expect, it } from 'vitest';
import { fieldErrorOf, formValues, loggedInOwner, type AdminClient } from '../../../test/support/admin-client.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
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
});

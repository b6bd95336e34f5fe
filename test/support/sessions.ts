import { demoServices } from '../../src/modules/catalog/index.js';
import type { TestApp } from './app.js';

/**
 * The demo workshop is offered at sessions. Tests of group slots within opening hours (a
 * service with several places per slot) use it as it was: at any free two-hour slot, six
 * places each. Its seeded sessions then no longer count.
 */
export async function workshopAtOpenHours(t: Pick<TestApp, 'services'>): Promise<void> {
  const workshop = await t.services.catalog.serviceBySlug('atelier-numerique');
  const form = demoServices.find((s) => s.slug === 'atelier-numerique')!;
  await t.services.catalog.updateService(workshop.id, { ...form, scheduling: 'open_hours', maxPlacesPerBooking: 1 });
}

/**
 * Settings: the business profile (identity, legal mentions, logo, the booking policy defaults)
 * kept in the database and in force on every instance at once.
 *
 *   settings.current()   the profile, checked against the database (for work outside a request):
 *                        with reminderHoursBefore and cancellationCutoffHours, the defaults a
 *                        service may override (catalog's effectiveBookingPolicy gives a service's own).
 *   settings.snapshot()  the profile this instance holds, without a query (inside a request, after
 *                        the per-request refresh that app.ts installs).
 */
export { createSettingsService, type SettingsService, type ProfileListener } from './settings.service.js';
export { settingsAdminRoutes } from './settings.admin.routes.js';
export { settingsRoutes } from './settings.routes.js';
export { settingsRegister } from './settings.register.js';
export { withMailLogo } from './mail-logo.js';

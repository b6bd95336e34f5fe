/** Exports for the accountant: bookings of a period and customers, as CSV for French Excel. Owner only. */
export { exportsAdminRoutes } from './exports.admin.routes.js';

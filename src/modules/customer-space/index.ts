/** The customer's own space: sign-in by a mailed link, their bookings (move, cancel, calendar files), their phone and address. */
export { createCustomerSpaceService, type CustomerSpaceService } from './customer-space.service.js';
export { customerSpaceRoutes, customerCookie } from './customer-space.routes.js';
export { customerSpaceRegister } from './customer-space.register.js';

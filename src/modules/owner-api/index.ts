/** The owner's API for their other tools: API keys, /api/v1/admin/* (bookings, customers, webhooks), and their page in the back office. */
export { createApiKeysService, type ApiKeysService } from './owner-api.keys.js';
export { createRepresentations, type Representations } from './owner-api.representation.js';
export { ownerApiRoutes } from './owner-api.routes.js';
export { ownerApiAdminRoutes } from './owner-api.admin.routes.js';
export { ownerApiRegister } from './owner-api.register.js';
export { ownerApiErrors } from './owner-api.errors.js';
export {
  adminBookingResponseSchema,
  adminBookingsQuerySchema,
  adminCancelRequestSchema,
  adminCustomerResponseSchema,
  adminCustomersQuerySchema,
  adminInvoiceResponseSchema,
  adminMoveRequestSchema,
  adminPaymentResponseSchema,
  bookingIdParamsSchema,
  invoiceFileParamsSchema,
  MAX_ADMIN_RANGE_DAYS,
  webhookIdParamsSchema,
} from './owner-api.schemas.js';

/** Booking: availability, the booking flow and API, the customer's private page, the owner's booking pages. */
export { createBookingService, MAX_RANGE_DAYS, MAX_SLOTS_PER_REQUEST, type BookingService } from './booking.service.js';
export type { Booking, CustomerDetails } from './booking.model.js';
export { publicStatusOf } from './booking.model.js';
export { bookingRoutes } from './booking.routes.js';
export { bookingApiRoutes } from './booking.api.js';
export { bookingApiErrors, bookingErrors } from './booking.errors.js';
export { agendaErrors } from './agenda.errors.js';
export { bookingAdminRoutes } from './booking.admin.routes.js';
export { createAgendaService, type AgendaService } from './agenda.service.js';
export { agendaAdminRoutes } from './agenda.admin.routes.js';
export { agendaFeedRoutes } from './agenda.feed.routes.js';
export { sessionAdminRoutes } from './sessions.admin.routes.js';
export { bookingRegister } from './booking.register.js';
export {
  addressSchema,
  bookingRequestSchema,
  bookingResponseSchema,
  bookingDetailsResponseSchema,
  bookingReferenceParamsSchema,
  customerSchema,
  idempotencyKeySchema,
  serviceSlugParamsSchema,
  slotResponseSchema,
  slotsQuerySchema,
} from './booking.schemas.js';
export { ownerBookingAdminRoutes } from './owner-booking.admin.routes.js';
export type { CustomerAccess, CustomerChanges, MoveChoices } from './booking.service.js';
/** The customer's booking pages, for the customer's space to show with its own addresses. */
export { BookingPage, CancelConfirmPage, cancelRefundPreview, InvoiceLinks, type BookingLinks, type CustomerInvoiceLink } from './views/booking-page.js';
export { MovePage } from './views/move-page.js';
export { moveErrors } from './booking.routes.js';
export { bookingPlace as bookingPlaceOf } from './booking-place.js';

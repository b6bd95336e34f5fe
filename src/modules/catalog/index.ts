/** What the business offers and when it is open: services, opening hours, closures. */
export { createCatalogService, type CatalogService } from './catalog.service.js';
export {
  customerFields,
  MAX_BUSY_SPAN_MINUTES,
  requiredFieldsOf,
  schedulingModes,
  serviceLocations,
  withdrawalPolicies,
  effectiveBookingPolicy,
  onlineAmountOf,
  paymentChoices,
  paymentChoicesOf,
  type OnlineProvider,
  type PaymentChoice,
  type PaymentOption,
  type BookingPolicyDefaults,
  type Scheduling,
  type Session,
  type SessionStatus,
  type Closure,
  type CustomerField,
  type OpeningInterval,
  type Service,
  type ServiceLocation,
  type WithdrawalPolicy,
} from './catalog.model.js';
export { catalogRoutes } from './catalog.routes.js';
export { catalogAdminRoutes } from './catalog.admin.routes.js';
export { catalogRegister } from './catalog.register.js';
export { seedDemoCatalog, demoServices } from './catalog.demo.js';
export { parseDayIntervals, serviceResponseSchema } from './catalog.schemas.js';
export { catalogErrors } from './catalog.errors.js';
export { closurePeriod } from './closure-period.js';
export { sessionErrors } from './sessions.errors.js';
export { sessionPlacesSchema, sessionValidationTexts, MAX_SESSION_PLACES } from './sessions.schemas.js';
export type { SessionCatalog } from './sessions.service.js';
export { selectServiceNames as serviceNamesWithin } from './catalog.queries.js';

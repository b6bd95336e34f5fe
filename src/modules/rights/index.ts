/** Rights requests (GDPR arts. 15–22, post-mortem directives): the public form and API, the confirmation and identity links, the owner's pages. */
export { createRightsService, type RightsService, type RestrictionOperations, type RestrictionContext, type RightsDeps } from './rights.service.js';
export { rightsRoutes } from './rights.routes.js';
export { rightsAdminRoutes } from './rights.admin.routes.js';
export { rightsRegister } from './rights.register.js';
export { rightsErrors } from './rights.errors.js';
export { privacyRequestSchema, privacyRequestAcceptedSchema } from './rights.schemas.js';
export { addCalendarMonths } from './deadlines.js';
export { rightsPaths } from './rights.paths.js';

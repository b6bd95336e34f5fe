/** The privacy engine: the processing register, the policy generated from it, retention. */
export { createPrivacyService, type PrivacyService } from './privacy.service.js';
export { privacyRoutes } from './privacy.routes.js';

/** The privacy engine: the processing register, the policy generated from it, its announcements, retention. */
export { createPrivacyService, type PrivacyService } from './privacy.service.js';
export { privacyRoutes } from './privacy.routes.js';
export { privacyAdminRoutes } from './privacy.admin.routes.js';
export { policyChangesRoutes } from './policy-changes.routes.js';
export { createPolicyAnnouncements, type PolicyAnnouncements, type AudienceMember, type PolicyNotice } from './policy-announcements.service.js';
export { policyAnnouncementsRegister } from './policy.register.js';
export { policyFollowUps } from './policy-follow-ups.js';

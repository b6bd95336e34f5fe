/** The privacy engine: the processing register, the policy generated from it, its announcements, retention. */
export { createPrivacyService, type PrivacyService } from './privacy.service.js';
export { privacyRoutes } from './privacy.routes.js';
export { privacyRegister, privacyRegisterFor } from './privacy.register.js';
export { type PersonalData, type PeopleLookup, type PersonalDataInventory } from './personal-data.js';
export { registerProblems } from './register-problems.js';
export { runRetentionRules, retentionRunLines, type RetentionRun } from './retention.js';
export { PERSONAL_DATA_SCHEMA } from './access-archive.js';
export { privacyAdminRoutes } from './privacy.admin.routes.js';
export { policyChangesRoutes } from './policy-changes.routes.js';
export { createPolicyAnnouncements, type PolicyAnnouncements, type AudienceMember, type PolicyNotice } from './policy-announcements.service.js';
export { policyAnnouncementsRegister } from './policy.register.js';
export { policyFollowUps } from './policy-follow-ups.js';

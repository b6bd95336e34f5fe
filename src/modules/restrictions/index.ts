/**
 * Restriction of processing (GDPR art. 18), the suppression list of objections to prospecting
 * (art. 21), and the log of recipients told of a change (art. 19). The rights-requests module and
 * the customers' pages call the service; the outbox asks its mayMail before each delivery (app.ts).
 */
export { createRestrictionsService, type Person, type RestrictionsService } from './restrictions.service.js';
export type { Actor, NoticeEvent, NoticeRecipient, Objection, PrivacyStanding, RecipientNotice, Restriction } from './restrictions.model.js';
export { restrictionsRegister, restrictionsRegisterFor, restrictionsPort } from './restrictions.register.js';
export { noticeRecipientsOf } from './restrictions.recipients.js';
export { restrictionsAdminRoutes } from './restrictions.admin.routes.js';
export { customerPrivacyViews } from './restrictions.customer-panels.js';

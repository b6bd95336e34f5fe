/** Back-office accounts: owner setup, login (with an optional second factor), sessions, the team, and the guard every back-office page uses. */
export { createAdminService, type AdminService, type AdminAccount, type AdminRole } from './admin.service.js';
export { createTeamService, type TeamService, type MailQueue } from './team.service.js';
export { createTwoFactorService, type TwoFactorService } from './two-factor.service.js';
export { protectBackOffice, adminContext, adminCookies, csrfSessionBinding } from './admin.guard.js';
export { adminRoutes } from './admin.routes.js';
export { adminRegister } from './admin.register.js';

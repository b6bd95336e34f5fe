/** Back-office accounts: owner setup, login, sessions, and the guard every back-office page uses. */
export { createAdminService, type AdminService, type AdminAccount } from './admin.service.js';
export { protectBackOffice, adminContext, adminCookies, csrfSessionBinding } from './admin.guard.js';
export { adminRoutes } from './admin.routes.js';
export { adminRegister } from './admin.register.js';

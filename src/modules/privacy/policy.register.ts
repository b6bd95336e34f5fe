import type { ModuleRegister } from '../../platform/privacy-register.js';

/** The policy's announcements: versions and dates, counts; nobody's data (the mails are the outbox's). */
export const policyAnnouncementsRegister: ModuleRegister = {
  module: 'privacy.policy-announcements',
  activities: [],
  tables: [
    {
      table: 'privacy_policy_announcements',
      personal: {},
      nonPersonal: ['version', 'previous_version', 'announced_at', 'silent', 'customers_mailed', 'mailing_done_at'],
    },
  ],
};

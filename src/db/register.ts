import type { ModuleRegister } from '../platform/privacy-register.js';

/** Tables of the platform itself: the migration bookkeeping and installation settings. No personal data. */
export const platformRegister: ModuleRegister = {
  module: 'platform',
  activities: [],
  tables: [
    { table: 'app_settings', personal: {}, nonPersonal: ['key', 'value', 'updated_at'] },
    { table: 'kysely_migration', personal: {}, nonPersonal: ['name', 'timestamp'] },
    { table: 'kysely_migration_lock', personal: {}, nonPersonal: ['id', 'is_locked'] },
  ],
};

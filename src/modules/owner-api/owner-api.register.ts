import type { ModuleRegister } from '../../platform/privacy-register.js';

/** API keys name the owner's tools and hold no personal data; the data the API serves is the bookings' and customers' own. */
export const ownerApiRegister: ModuleRegister = {
  module: 'owner-api',
  activities: [],
  tables: [
    {
      table: 'api_keys',
      personal: {},
      nonPersonal: ['id', 'name', 'scope', 'key_hash', 'prefix', 'created_at', 'last_used_at', 'revoked_at'],
    },
  ],
};

import type { ModuleRegister } from '../../platform/privacy-register.js';

export const legalRegister: ModuleRegister = {
  module: 'legal',
  activities: [],
  tables: [{ table: 'legal_documents', personal: {}, nonPersonal: ['kind', 'version', 'locale', 'body', 'published_at'] }],
};

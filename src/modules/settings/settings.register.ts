import { exportRow, nonEmpty } from '../../platform/personal-data.js';
import type { ModuleRegister } from '../../platform/privacy-register.js';
import { hostingProvider } from '../../platform/recipients.js';
import { selectProfileNaming } from './settings.queries.js';

const label = { fr: 'Mentions sur l’entreprise', en: 'Business details' };
/** Loi n° 2004-575 (LCEN), art. 1-1 (formerly 6-III); Code de commerce, art. L441-9 (invoices); Code de la consommation, art. L221-5. */
export const legalNotice = {
  fr: 'mentions que la loi impose de publier tant que le site fonctionne (loi pour la confiance dans l’économie numérique, art. 1-1\u00a0; Code de la consommation, art. L221-5\u00a0; Code de commerce, art. L441-9)',
  en: 'details the law requires to publish while the site runs (French law on confidence in the digital economy, art. 1-1; Consumer Code, art. L221-5; Commercial Code, art. L441-9)',
};

/**
 * The business profile names the business, and for a sole trader that is a person: the owner's
 * name, address and phone are personal data the law requires the site to publish (legal notice,
 * terms, invoices). The logo holds none.
 */
export const settingsRegister: ModuleRegister = {
  module: 'settings',
  activities: [
    {
      id: 'business-identity',
      name: { fr: 'Identification de l’entreprise', en: 'Identification of the business' },
      purpose: {
        fr: 'Publier sur le site, dans les courriels et sur les factures les mentions que la loi impose sur l’entreprise et son responsable.',
        en: 'Publishing on the site, in e-mails and on invoices the details the law requires about the business and the person responsible for it.',
      },
      legalBasis: 'legal_obligation',
      dataSubjects: { fr: 'le responsable de l’entreprise', en: 'the person responsible for the business' },
      dataCategories: [
        { fr: 'nom', en: 'name' },
        { fr: 'adresse postale et adresse e-mail professionnelles', en: 'business postal and e-mail addresses' },
        { fr: 'téléphone professionnel', en: 'business phone number' },
        { fr: 'numéros SIRET et de TVA', en: 'SIRET and VAT numbers' },
      ],
      recipients: [{ fr: 'les visiteurs du site et les clients', en: 'the site’s visitors and customers', role: 'public', country: { fr: 'publiées sur le site, lisibles partout', en: 'published on the site, readable anywhere' } }, hostingProvider],
    },
  ],
  tables: [
    { table: 'business_settings', personal: { profile: ['business-identity'] }, nonPersonal: ['id', 'version', 'updated_at'] },
    {
      table: 'business_logos',
      personal: {},
      nonPersonal: ['id', 'content_type', 'original', 'raster', 'favicon_32', 'favicon_180', 'width', 'height', 'created_at'],
    },
  ],
  retention: [
    {
      id: 'settings.profile',
      activity: 'business-identity',
      records: { fr: 'les mentions sur l’entreprise et son responsable', en: 'the details of the business and the person responsible for it' },
      keep: {},
      // One row, replaced at each save (settings.queries.ts): the former details are not kept here.
      from: { fr: 'leur modification par le responsable', en: 'the owner changes them' },
      then: 'delete',
      apply: async () => 0,
    },
  ],
  // The person is the owner (a sole trader): the profile names them by the business's addresses.
  personalData: {
    async find({ db }, subject) {
      return nonEmpty([{ kind: 'business-profile', label, count: (await selectProfileNaming(db, subject.emails)).length }]);
    },
    async export({ db }, subject) {
      const rows = (await selectProfileNaming(db, subject.emails)).map((row) => exportRow(row));
      return rows.length > 0 ? [{ kind: 'business-profile', label, activities: ['business-identity'], rows }] : [];
    },
    // The law requires these details on the site as long as it runs: kept, and said so.
    async erase({ db }, subject) {
      const count = (await selectProfileNaming(db, subject.emails)).length;
      return nonEmpty([{ kind: 'business-profile', label, action: 'kept' as const, count, ground: legalNotice }]);
    },
  },
};

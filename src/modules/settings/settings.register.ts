import type { ModuleRegister } from '../../platform/privacy-register.js';

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
      recipients: [{ fr: 'les visiteurs du site et les clients', en: 'the site’s visitors and customers' }],
      retention: {
        fr: 'tant que l’entreprise utilise le site\u00a0; chaque version publiée des conditions générales reste archivée avec les réservations qui l’ont acceptée.',
        en: 'while the business uses the site; each published version of the terms stays archived with the bookings that accepted it.',
      },
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
};

import { exportRow, nonEmpty } from '../../platform/personal-data.js';
import type { ModuleRegister } from '../../platform/privacy-register.js';
import { selectVersionsNaming } from './legal.queries.js';

const label = { fr: 'Conditions générales et politique de confidentialité publiées', en: 'Published terms and privacy policy' };

/**
 * Every published version of the terms and of the privacy policy, whole: they repeat the
 * business's identity (for a sole trader, the owner's name, address and phone), which is why
 * the body belongs to the business-identity activity (settings module).
 */
export const legalRegister: ModuleRegister = {
  module: 'legal',
  activities: [],
  tables: [{ table: 'legal_documents', personal: { body: ['business-identity'] }, nonPersonal: ['kind', 'version', 'locale', 'published_at'] }],
  retention: [
    {
      id: 'legal.published-versions',
      activity: 'business-identity',
      records: {
        fr: 'les versions publiées de nos conditions générales et de notre politique de confidentialité, qui reprennent ces mentions',
        en: 'the published versions of our terms and of our privacy policy, which repeat these details',
      },
      keep: {},
      // Never deleted by the code: a booking is read with the terms it accepted (bookings.terms_version) for as long as it is kept.
      from: { fr: 'la fermeture du site (elles restent liées aux réservations qui les ont acceptées)', en: 'the site closes (they stay tied to the bookings that accepted them)' },
      then: 'delete',
      apply: async () => 0,
    },
  ],
  personalData: {
    async find({ db }, subject) {
      return nonEmpty([{ kind: 'published-documents', label, count: (await selectVersionsNaming(db, subject.emails)).length }]);
    },
    async export({ db }, subject) {
      const rows = (await selectVersionsNaming(db, subject.emails)).map((row) => exportRow(row));
      return rows.length > 0 ? [{ kind: 'published-documents', label, activities: ['business-identity'], rows }] : [];
    },
    async erase({ db }, subject) {
      const count = (await selectVersionsNaming(db, subject.emails)).length;
      return nonEmpty([{ kind: 'published-documents', label, action: 'kept' as const, count, ground }]);
    },
  },
};

const ground = {
  fr: 'preuve des conditions présentées à chaque réservation et des informations données (Code de la consommation, art. L221-5 et L221-13\u00a0; Code civil, art. 2224)',
  en: 'proof of the terms shown at each booking and of the information given (Consumer Code, art. L221-5 and L221-13; Civil Code, art. 2224)',
};

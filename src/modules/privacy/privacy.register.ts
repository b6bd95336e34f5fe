import { hostingProvider } from '../../platform/recipients.js';
import type { Localized } from '../../platform/i18n/locale.js';
import type { ModuleRegister, PersonalDataPort, RetentionRule } from '../../platform/privacy-register.js';
import { removeAccessArchiveFiles } from './access-archive-files.js';
import * as queries from './privacy.queries.js';
import { createSubjectHasher, type SubjectHasher } from './subject-hash.js';

export const PRIVACY_ACTIVITY = 'privacy-rights';
/** How long the fingerprint of an erased address is kept: longer than any replay or restored backup we know of. */
export const ERASED_REGISTER_KEEP = { years: 3 } as const;
export const ACCESS_ARCHIVE_KEEP = { days: 3 } as const;

const erasedLabel: Localized = { fr: 'empreinte de votre adresse après effacement', en: 'fingerprint of your address after erasure' };
const archivesLabel: Localized = { fr: 'exports de vos données en attente de téléchargement', en: 'exports of your data waiting to be downloaded' };
const erasedGround: Localized = {
  fr: 'RGPD, art. 17 et 5.2\u00a0: empêcher que des données effacées reviennent, et pouvoir le démontrer',
  en: 'GDPR, art. 17 and 5(2): keeping erased data from coming back, and being able to show it',
};

function addYears(iso: string, years: number): string {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** The privacy module's own personal data: the erased register and the access archives, found by the person's address fingerprints. */
function privacyPort(hash: SubjectHasher): PersonalDataPort {
  const hashesOf = (emails: string[]) => emails.map(hash);
  return {
    async find(ctx, subject) {
      const [erased, archives] = await Promise.all([queries.selectErased(ctx.db, hashesOf(subject.emails)), queries.selectArchivesOf(ctx.db, hashesOf(subject.emails))]);
      return [
        { kind: 'privacy-access-archives', label: archivesLabel, count: archives.length },
        { kind: 'privacy-erasure-records', label: erasedLabel, count: erased.length },
      ].filter((f) => f.count > 0);
    },
    async export(ctx, subject) {
      const [erased, archives] = await Promise.all([queries.selectErased(ctx.db, hashesOf(subject.emails)), queries.selectArchivesOf(ctx.db, hashesOf(subject.emails))]);
      return [
        { kind: 'privacy-access-archives', label: archivesLabel, activities: [PRIVACY_ACTIVITY], rows: archives.map((a) => ({ created_at: a.createdAt, expires_at: a.expiresAt })) },
        { kind: 'privacy-erasure-records', label: erasedLabel, activities: [PRIVACY_ACTIVITY], rows: erased.map((e) => ({ fingerprint: e.emailHash, erased_at: e.erasedAt })) },
      ].filter((r) => r.rows.length > 0);
    },
    async erase(ctx, subject) {
      const archives = await queries.selectArchivesOf(ctx.db, hashesOf(subject.emails));
      await queries.deleteArchives(ctx.db, archives.map((a) => a.id));
      removeAccessArchiveFiles(ctx.dataDir, archives.map((a) => a.file));
      // The fingerprint is the erasure's own guard (written by the engine before the ports run): kept, and said so.
      const erased = await queries.selectErased(ctx.db, hashesOf(subject.emails));
      return [
        ...(archives.length > 0 ? [{ kind: 'privacy-access-archives', label: archivesLabel, action: 'deleted' as const, count: archives.length }] : []),
        ...(erased.length > 0
          ? [{ kind: 'privacy-erasure-records', label: erasedLabel, action: 'kept' as const, count: erased.length, ground: erasedGround, until: addYears(erased[0]!.erasedAt, ERASED_REGISTER_KEEP.years) }]
          : []),
      ];
    },
  };
}

const retention: RetentionRule[] = [
  {
    id: 'privacy.access-archives',
    activity: PRIVACY_ACTIVITY,
    records: { fr: 'l’export de vos données que vous avez demandé', en: 'the export of your data you asked for' },
    keep: ACCESS_ARCHIVE_KEEP,
    from: { fr: 'sa production (la durée de validité de son lien)', en: 'it is produced (how long its link works)' },
    then: 'delete',
    async apply(ctx, cutoff, { dryRun }) {
      const expired = await queries.selectArchivesCreatedBefore(ctx.db, cutoff.toISOString());
      if (dryRun) return expired.length;
      await queries.deleteArchives(ctx.db, expired.map((a) => a.id));
      removeAccessArchiveFiles(ctx.dataDir, expired.map((a) => a.file));
      return expired.length;
    },
  },
  {
    id: 'privacy.erased-subjects',
    activity: PRIVACY_ACTIVITY,
    records: { fr: 'l’empreinte chiffrée de l’adresse d’une personne dont les données ont été effacées', en: 'the keyed fingerprint of the address of a person whose data was erased' },
    keep: ERASED_REGISTER_KEEP,
    from: { fr: 'l’effacement', en: 'the erasure' },
    then: 'delete',
    apply: (ctx, cutoff, { dryRun }) => queries.deleteErasedBefore(ctx.db, cutoff.toISOString(), dryRun),
  },
];

/**
 * The privacy module's part of the register. Its port needs the key of the address fingerprints:
 * this static part refuses to run it, app.ts uses `privacyRegisterFor(secretKey)`.
 */
export const privacyRegister: ModuleRegister = {
  module: 'privacy',
  activities: [
    {
      id: PRIVACY_ACTIVITY,
      name: { fr: 'Exercice de vos droits sur vos données', en: 'Exercising your rights over your data' },
      // The record of processing activities (art. 30) is the controller's: in the third person.
      record: {
        fr: 'Remettre aux personnes qui le demandent une copie de leurs données, et pouvoir prouver qu’un effacement a été fait sans garder l’adresse de la personne (seulement son empreinte chiffrée).',
        en: 'Giving people who ask a copy of their data, and being able to prove an erasure was done without keeping the person’s address (only its keyed fingerprint).',
      },
      purpose: {
        fr: 'Vous remettre une copie de vos données quand vous la demandez, et pouvoir prouver qu’un effacement a bien été fait sans garder votre adresse (seulement son empreinte chiffrée).',
        en: 'Giving you a copy of your data when you ask for it, and being able to prove an erasure was done without keeping your address (only its keyed fingerprint).',
      },
      legalBasis: 'legal_obligation',
      dataSubjects: { fr: 'les personnes qui exercent leurs droits', en: 'people who exercise their rights' },
      dataCategories: [
        { fr: 'copie de vos données (export)', en: 'copy of your data (export)' },
        { fr: 'empreinte chiffrée de votre adresse e-mail après effacement', en: 'keyed fingerprint of your e-mail address after erasure' },
      ],
      recipients: [hostingProvider],
    },
  ],
  tables: [
    { table: 'privacy_erased_subjects', personal: { email_hash: [PRIVACY_ACTIVITY] }, nonPersonal: ['erased_at'] },
    { table: 'privacy_access_archives', personal: { subject_hash: [PRIVACY_ACTIVITY], file: [PRIVACY_ACTIVITY] }, nonPersonal: ['id', 'token_hash', 'created_at', 'expires_at'] },
  ],
  stores: [
    {
      id: 'privacy.access-archives',
      description: { fr: 'les exports de données (zip) en attente de téléchargement', en: 'the data exports (zip) waiting to be downloaded' },
      location: 'privacy/access/*.zip',
      activities: [PRIVACY_ACTIVITY],
    },
  ],
  retention,
  personalData: {
    find: () => Promise.reject(new Error('the privacy register needs its key: use privacyRegisterFor(secretKey)')),
    export: () => Promise.reject(new Error('the privacy register needs its key: use privacyRegisterFor(secretKey)')),
    erase: () => Promise.reject(new Error('the privacy register needs its key: use privacyRegisterFor(secretKey)')),
  },
};

/** The privacy register as app.ts runs it: its port finds the person by their address fingerprints. */
export function privacyRegisterFor(register: ModuleRegister, secretKey: string): ModuleRegister {
  return { ...register, personalData: privacyPort(createSubjectHasher(secretKey)) };
}

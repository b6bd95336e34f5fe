import { hostingProvider } from '../../platform/recipients.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type DataSubject, type Duration, type ErasureLine, type ModuleRegister, type PersonalDataPort, type PortContext } from '../../platform/privacy-register.js';
import { createAddressHasher, type AddressHasher } from './restrictions.hash.js';
import * as queries from './restrictions.queries.js';

/** Lifted restrictions: their history kept 3 years after the lifting (proof that the request was honoured). */
export const LIFTED_RESTRICTION_KEEP: Duration = { years: 3 };
/** CNIL, référentiel « gestion commerciale »: what lets us honour an objection is kept at least 3 years from it. */
export const OBJECTION_KEEP: Duration = { years: 3 };
/** The art. 19 log: 5 years, the limitation period of an action (Code civil, art. 2224) in which we may have to prove it. */
export const NOTICE_KEEP: Duration = { years: 5 };

const addDuration = (iso: string, d: Duration) => {
  const at = new Date(iso);
  at.setUTCFullYear(at.getUTCFullYear() + (d.years ?? 0));
  return at.toISOString().slice(0, 10);
};

/** Nothing here is sent to anyone: the data sits in our database, at the host (as the customers module declares it). */
const hosting = hostingProvider;

const labels = {
  restrictions: { fr: 'Limitations du traitement', en: 'Restrictions of processing' },
  objection: { fr: 'Opposition à la prospection', en: 'Objection to prospecting' },
  notices: { fr: 'Destinataires informés (RGPD, art. 19)', en: 'Recipients told (GDPR, art. 19)' },
};

const objectionGround = {
  fr: 'respect de votre opposition à la prospection (RGPD, art. 21)\u00a0: la CNIL recommande de conserver, au moins 3\u00a0ans, ce qui permet de la respecter, y compris après l’effacement de vos autres données\u00a0; seule une empreinte chiffrée de votre adresse est gardée, jamais l’adresse elle-même',
  en: 'honouring your objection to prospecting (GDPR, art. 21): the CNIL recommends keeping, for at least 3 years, what lets us honour it, including after your other data is erased; only a keyed fingerprint of your address is kept, never the address itself',
};
const noticeGround = {
  fr: 'preuve que les destinataires ont été informés (RGPD, art. 5.2 et 19)\u00a0; plus rattaché à une fiche client, seulement à une empreinte chiffrée de votre adresse',
  en: 'proof that the recipients were told (GDPR, art. 5(2) and 19); no longer tied to a customer record, only to a keyed fingerprint of your address',
};

/**
 * One person's data here, found by the keyed hashes of their addresses and by their customer
 * record. Erasure deletes their restrictions (nothing is left to restrict) and KEEPS the
 * suppression hash and the art. 19 log, each on its ground.
 */
export function restrictionsPort(hash: AddressHasher): PersonalDataPort {
  const hashesOf = (subject: DataSubject) => subject.emails.map(hash);
  return {
    async find(ctx, subject) {
      const [restrictions, objections, notices] = await read(ctx.db, subject);
      return [
        { kind: 'restrictions', label: labels.restrictions, count: restrictions.length },
        { kind: 'prospecting-objection', label: labels.objection, count: objections.length },
        { kind: 'recipient-notices', label: labels.notices, count: notices.length },
      ].filter((f) => f.count > 0);
    },
    async export(ctx, subject) {
      const [restrictions, objections, notices] = await read(ctx.db, subject);
      return [
        {
          kind: 'restrictions',
          label: labels.restrictions,
          activities: ['processing-restriction'],
          rows: restrictions.map((r) => ({ reason: r.reason, restrictedAt: r.restrictedAt, liftedAt: r.liftedAt })),
        },
        { kind: 'prospecting-objection', label: labels.objection, activities: ['prospecting-objections'], rows: objections.map((o) => ({ objectedAt: o.objectedAt })) },
        {
          kind: 'recipient-notices',
          label: labels.notices,
          activities: ['recipient-notices'],
          rows: notices.map((n) => ({ event: n.event, recipient: n.recipient, content: n.content, method: n.method, notifiedAt: n.notifiedAt })),
        },
      ].filter((r) => r.rows.length > 0);
    },
    async erase(ctx, subject) {
      const [, objections, notices] = await read(ctx.db, subject);
      const deleted = await queries.deleteRestrictionsOf(ctx.db, hashesOf(subject), subject.customerId);
      if (subject.customerId) await queries.detachNoticesOf(ctx.db, subject.customerId);
      const lines: ErasureLine[] = [];
      if (deleted > 0) lines.push({ kind: 'restrictions', label: labels.restrictions, action: 'deleted', count: deleted });
      if (objections.length > 0) {
        const until = objections.map((o) => addDuration(o.objectedAt, OBJECTION_KEEP)).sort().at(-1)!;
        lines.push({ kind: 'prospecting-objection', label: labels.objection, action: 'kept', count: objections.length, ground: objectionGround, until });
      }
      if (notices.length > 0) {
        const until = notices.map((n) => addDuration(n.notifiedAt, NOTICE_KEEP)).sort().at(-1)!;
        lines.push({ kind: 'recipient-notices', label: labels.notices, action: 'kept', count: notices.length, ground: noticeGround, until });
      }
      return lines;
    },
  };

  function read(db: Kysely<DB>, subject: DataSubject) {
    const hashes = hashesOf(subject);
    return Promise.all([queries.selectRestrictionsOf(db, hashes, subject.customerId), queries.selectObjections(db, hashes), queries.selectNoticesOf(db, hashes, subject.customerId)]);
  }
}

/** The port of a register read without the application's key: it refuses to run rather than match nothing. */
const unkeyedPort: PersonalDataPort = {
  find: () => Promise.reject(new Error(notKeyed)),
  export: () => Promise.reject(new Error(notKeyed)),
  erase: () => Promise.reject(new Error(notKeyed)),
};
const notKeyed = 'restrictions: this register has no address key; use restrictionsRegisterFor(register, secretKey) (app.ts does)';

const deleteOlder = (run: (ctx: PortContext, cutoffIso: string, dryRun: boolean) => Promise<number>) => (ctx: PortContext, cutoff: Date, options: { dryRun: boolean }) =>
  run(ctx, cutoff.toISOString(), options.dryRun);

export const restrictionsRegister: ModuleRegister = {
  module: 'restrictions',
  activities: [
    {
      id: 'processing-restriction',
      name: { fr: 'Limitation du traitement à votre demande', en: 'Restriction of processing at your request' },
      // The record of processing activities (art. 30) is the controller's: in the third person.
      record: {
        fr: 'Appliquer les demandes de limitation (RGPD, art.\u00a018)\u00a0: tant qu’elle dure, les données de la personne sont seulement conservées, elle ne reçoit que les messages qu’exigent ses réservations ou la loi, et ses réservations n’apparaissent dans les exports que sans son identité.',
        en: 'Applying restriction requests (GDPR art. 18): while it lasts, the person’s data is only stored, they get only the messages their bookings or the law require, and their bookings appear in exports without their identity.',
      },
      purpose: {
        fr: 'Respecter votre demande de limitation (RGPD, art.\u00a018)\u00a0: tant qu’elle dure, vos données sont seulement conservées, vous ne recevez que les messages qu’exigent vos réservations ou la loi, aucune enquête ni prospection, et vos réservations n’apparaissent dans nos exports (fichiers, agenda synchronisé, outils de gestion reliés à notre site) que sans votre identité. Seuls l’export qui vous est destiné et nos factures, que la loi nous oblige à tenir, vous nomment encore.',
        en: 'Honouring your request for restriction (GDPR, art. 18): while it lasts, your data is only stored, you receive only the messages your bookings or the law require, no survey nor prospecting, and your bookings appear in our exports (files, synchronised calendar, management tools connected to our site) only without your identity. Only the export made for you and our invoices, which the law requires us to keep, still name you.',
      },
      legalBasis: 'legal_obligation',
      dataSubjects: { fr: 'les personnes qui demandent la limitation', en: 'people who ask for restriction' },
      dataCategories: [
        { fr: 'empreinte chiffrée de l’adresse e-mail', en: 'keyed fingerprint of the e-mail address' },
        { fr: 'motif, dates de début et de levée', en: 'reason, start and lifting dates' },
      ],
      recipients: [hosting],
    },
    {
      id: 'prospecting-objections',
      name: { fr: 'Liste d’opposition à la prospection', en: 'Objection to prospecting list' },
      // The record of processing activities (art. 30) is the controller's: in the third person.
      record: {
        fr: 'Respecter les oppositions à la prospection (RGPD, art.\u00a021) par une liste d’exclusion d’empreintes chiffrées d’adresses, vérifiée avant chaque envoi qu’aucune réservation ni la loi n’exige, et qui survit à l’effacement.',
        en: 'Honouring objections to prospecting (GDPR art. 21) through a suppression list of keyed address fingerprints, checked before every send that no booking or law requires, which outlives erasure.',
      },
      purpose: {
        fr: 'Respecter votre opposition à la prospection (RGPD, art.\u00a021)\u00a0: chaque envoi qui n’est pas exigé par une réservation ou par la loi la vérifie. Nous n’en gardons qu’une empreinte chiffrée de votre adresse, qui survit à l’effacement de vos autres données pour que l’opposition continue d’être respectée. Les informations sur les changements de cette politique vous restent envoyées.',
        en: 'Honouring your objection to prospecting (GDPR, art. 21): every message not required by a booking or by the law checks it. We keep only a keyed fingerprint of your address, which outlives the erasure of your other data so that the objection keeps being honoured. Information on changes to this policy is still sent to you.',
      },
      legalBasis: 'legal_obligation',
      dataSubjects: { fr: 'les personnes qui s’opposent à la prospection', en: 'people who object to prospecting' },
      dataCategories: [{ fr: 'empreinte chiffrée de l’adresse e-mail, date de l’opposition', en: 'keyed fingerprint of the e-mail address, date of the objection' }],
      recipients: [hosting],
    },
    {
      id: 'recipient-notices',
      name: { fr: 'Information des destinataires (RGPD, art.\u00a019)', en: 'Telling recipients (GDPR, art. 19)' },
      // The record of processing activities (art. 30) is the controller's: in the third person.
      record: {
        fr: 'Garder trace des destinataires (prestataires de paiement, sous-traitants) informés d’une rectification, d’un effacement ou d’une limitation, et de ce qui leur a été transmis (RGPD, art.\u00a019).',
        en: 'Keeping track of the recipients (payment providers, processors) told of a rectification, erasure or restriction, and of what they were sent (GDPR art. 19).',
      },
      purpose: {
        fr: 'Garder trace des destinataires de vos données (prestataires de paiement, sous-traitants) informés d’une rectification, d’un effacement ou d’une limitation, et de ce qui leur a été transmis.',
        en: 'Keeping track of the recipients of your data (payment providers, processors) told of a rectification, an erasure or a restriction, and of what was passed on to them.',
      },
      legalBasis: 'legal_obligation',
      dataSubjects: { fr: 'les personnes dont les données ont été rectifiées, effacées ou limitées', en: 'people whose data was rectified, erased or restricted' },
      dataCategories: [
        { fr: 'empreinte chiffrée de l’adresse e-mail, fiche client', en: 'keyed fingerprint of the e-mail address, customer record' },
        { fr: 'destinataire, changement notifié, contenu, moyen et date', en: 'recipient, change notified, content, means and date' },
      ],
      recipients: [hosting],
    },
  ],
  tables: [
    {
      table: 'processing_restrictions',
      personal: {
        email_hash: ['processing-restriction'],
        customer_id: ['processing-restriction'],
        reason: ['processing-restriction'],
        restricted_at: ['processing-restriction'],
        lifted_at: ['processing-restriction'],
        // Who recorded it: a back-office account's e-mail (staff data) or a request's reference.
        restricted_by: ['processing-restriction'],
        lifted_by: ['processing-restriction'],
      },
      nonPersonal: ['id'],
    },
    {
      table: 'prospecting_objections',
      personal: { email_hash: ['prospecting-objections'], objected_at: ['prospecting-objections'], recorded_by: ['prospecting-objections'] },
      nonPersonal: [],
    },
    {
      table: 'recipient_notices',
      personal: {
        customer_id: ['recipient-notices'],
        subject_hash: ['recipient-notices'],
        // The recipient is chosen from the register's list, but the service takes any text: kept on the safe side.
        recipient: ['recipient-notices'],
        content: ['recipient-notices'],
        method: ['recipient-notices'],
        notified_at: ['recipient-notices'],
        recorded_by: ['recipient-notices'],
      },
      nonPersonal: ['id', 'event'],
    },
  ],
  personalData: unkeyedPort,
  retention: [
    {
      id: 'restrictions.lifted',
      activity: 'processing-restriction',
      records: { fr: 'l’historique d’une limitation levée', en: 'the history of a lifted restriction' },
      keep: LIFTED_RESTRICTION_KEEP,
      from: { fr: 'sa levée', en: 'its lifting' },
      then: 'delete',
      // A restriction in force is kept while it holds: only lifted ones have a period.
      apply: deleteOlder((ctx, cutoff, dryRun) => queries.deleteLiftedBefore(ctx.db, cutoff, dryRun)),
    },
    {
      id: 'restrictions.objections',
      activity: 'prospecting-objections',
      records: { fr: 'l’empreinte chiffrée de votre adresse sur la liste d’opposition', en: 'the keyed fingerprint of your address on the objection list' },
      keep: OBJECTION_KEEP,
      from: { fr: 'votre opposition', en: 'your objection' },
      then: 'delete',
      apply: deleteOlder((ctx, cutoff, dryRun) => queries.deleteObjectionsBefore(ctx.db, cutoff, dryRun)),
    },
    {
      id: 'restrictions.notices',
      activity: 'recipient-notices',
      records: { fr: 'la trace de l’information d’un destinataire', en: 'the record of a recipient being told' },
      keep: NOTICE_KEEP,
      from: { fr: 'cette information', en: 'that notice' },
      then: 'delete',
      apply: deleteOlder((ctx, cutoff, dryRun) => queries.deleteNoticesBefore(ctx.db, cutoff, dryRun)),
    },
  ],
};

/** The register with its port keyed by SECRET_KEY (as app.ts builds the live register). */
export function restrictionsRegisterFor(register: ModuleRegister, secretKey: string): ModuleRegister {
  return { ...register, personalData: restrictionsPort(createAddressHasher(secretKey)) };
}


import type { ErasureLine, ModuleRegister, PersonalRecords, PortContext } from '../../platform/privacy-register.js';
import { cutoffBefore } from '../../platform/privacy-register.js';
import * as queries from './rights.queries.js';

const ACTIVITY = 'privacy-requests';
/** Closed requests are kept 5 years: the limitation period of an action (Code civil, art. 2224). */
export const CLOSED_REQUESTS_KEEP = { years: 5 } as const;

const keptGround = {
  fr: 'la preuve que votre demande a été traitée dans les délais (RGPD, art.\u00a05.2 et 12), gardée pendant le délai de prescription de 5\u00a0ans (Code civil, art.\u00a02224)',
  en: 'the proof that your request was handled in time (GDPR, arts. 5(2) and 12), kept for the 5-year limitation period (French Civil Code, art. 2224)',
};
const label = { fr: 'vos demandes d’exercice de vos droits et leur historique', en: 'your requests to exercise your rights and their history' };

/** YYYY-MM-DD, 5 years after an instant. */
function fiveYearsAfter(iso: string): string {
  return cutoffBefore(new Date(iso), { years: -CLOSED_REQUESTS_KEEP.years }).toISOString().slice(0, 10);
}

async function requestsOf(ctx: PortContext, emails: string[]) {
  return queries.requestsOfEmails(ctx.db, emails.map((e) => e.trim().toLowerCase()));
}

export const rightsRegister: ModuleRegister = {
  module: 'rights',
  activities: [
    {
      id: ACTIVITY,
      name: { fr: 'Traitement de vos demandes sur vos données', en: 'Handling your requests about your data' },
      // The record of processing activities (art. 30) is the controller's: in the third person.
      record: {
        fr: 'Recevoir et traiter les demandes d’exercice des droits (accès, rectification, effacement, limitation, opposition, portabilité, directives post mortem, questions), vérifier qu’elles viennent de la personne concernée, y répondre dans le délai légal et pouvoir le prouver.',
        en: 'Receiving and handling requests to exercise rights (access, rectification, erasure, restriction, objection, portability, post-mortem directives, questions), checking they come from the person concerned, answering within the legal time limit and being able to prove it.',
      },
      purpose: {
        fr: 'Recevoir et traiter vos demandes d’accès, de rectification, d’effacement, de limitation, d’opposition, de portabilité, vos directives pour après votre décès et vos questions sur vos données, vérifier qu’elles viennent de vous, y répondre dans le délai légal et pouvoir prouver que nous l’avons fait.',
        en: 'Receiving and handling your requests for access, rectification, erasure, restriction, objection and portability, your directives for after your death and your questions about your data, checking that they come from you, answering within the legal time limit and being able to prove we did.',
      },
      legalBasis: 'legal_obligation',
      dataSubjects: { fr: 'les personnes qui exercent leurs droits, clients ou non', en: 'people exercising their rights, customers or not' },
      dataCategories: [
        { fr: 'adresse e-mail, type de demande et message', en: 'e-mail address, type of request and message' },
        { fr: 'dates de la demande, de sa confirmation, des étapes de son traitement et de la réponse', en: 'dates of the request, its confirmation, each step of its handling and the answer' },
        { fr: 'directives sur le sort de vos données après votre décès', en: 'directives on your data after your death' },
        {
          fr: 'pour une demande faite au nom d’un proche décédé, l’adresse e-mail de cette personne',
          en: 'for a request made on behalf of a close relative who has died, that person’s e-mail address',
        },
        {
          fr: 'justificatif d’identité, seulement en cas de doute raisonnable\u00a0: chiffré, et supprimé dès la vérification faite',
          en: 'proof of identity, only where there is reasonable doubt: encrypted, and deleted as soon as it has been checked',
        },
      ],
      recipients: [
        { fr: 'nos prestataires d’hébergement, en qualité de sous-traitants', en: 'our hosting provider, as a processor', role: 'processor', country: { fr: 'Union européenne', en: 'European Union' } },
        { fr: 'notre prestataire d’envoi d’e-mails, en qualité de sous-traitant', en: 'our e-mail delivery provider, as a processor', role: 'processor', country: { fr: 'Union européenne', en: 'European Union' } },
      ],
    },
  ],
  tables: [
    {
      table: 'privacy_requests',
      personal: {
        email: [ACTIVITY],
        details: [ACTIVITY],
        created_at: [ACTIVITY],
        received_at: [ACTIVITY],
        closed_at: [ACTIVITY],
        // An heir's request names the deceased person's address, to find the directives they left.
        deceased_email: [ACTIVITY],
      },
      nonPersonal: ['id', 'type', 'locale', 'status', 'confirm_token_hash', 'confirm_expires_at', 'due_date', 'extended_due_date', 'identity_status', 'identity_token_hash', 'answer_step', 'answer_step_at'],
    },
    {
      table: 'privacy_request_events',
      personal: { at: [ACTIVITY], actor: [ACTIVITY], detail: [ACTIVITY] },
      nonPersonal: ['id', 'request_id', 'kind'],
    },
    {
      table: 'privacy_request_documents',
      personal: { sealed: [ACTIVITY], uploaded_at: [ACTIVITY] },
      nonPersonal: ['request_id', 'content_type'],
    },
  ],
  retention: [
    {
      id: 'privacy-requests.unconfirmed',
      activity: ACTIVITY,
      records: { fr: 'une demande que vous n’avez pas confirmée', en: 'a request you did not confirm' },
      keep: { days: 1 },
      from: { fr: 'son envoi (le lien de confirmation vaut 24\u00a0heures)', en: 'it was sent (the confirmation link lasts 24 hours)' },
      then: 'delete',
      async apply(ctx, cutoff, { dryRun }) {
        const ids = await queries.expiredUnconfirmed(ctx.db, cutoff.toISOString());
        return dryRun ? ids.length : queries.deleteRequests(ctx.db, ids);
      },
    },
    {
      id: 'privacy-requests.closed',
      activity: ACTIVITY,
      records: { fr: 'vos demandes (sauf vos directives pour après votre décès, gardées tant qu’elles peuvent servir), leur historique et nos réponses', en: 'your requests (except your directives for after your death, kept while they may be needed), their history and our answers' },
      keep: CLOSED_REQUESTS_KEEP,
      from: { fr: 'la clôture de la demande (le délai de prescription, pour prouver que nous y avons répondu)', en: 'the request was closed (the limitation period, to prove we answered it)' },
      then: 'delete',
      async apply(ctx, cutoff, { dryRun }) {
        const ids = await queries.closedBefore(ctx.db, cutoff.toISOString());
        return dryRun ? ids.length : queries.deleteRequests(ctx.db, ids);
      },
    },
  ],
  personalData: {
    async find(ctx, subject) {
      const requests = await requestsOf(ctx, subject.emails);
      return requests.length ? [{ kind: 'privacy-requests', label, count: requests.length }] : [];
    },
    async export(ctx, subject): Promise<PersonalRecords[]> {
      const requests = (await requestsOf(ctx, subject.emails)).filter((r) => r.status !== 'unconfirmed');
      if (requests.length === 0) return [];
      const events = await queries.eventsOfRequests(ctx.db, requests.map((r) => r.id));
      return [
        {
          kind: 'privacy-requests',
          label,
          activities: [ACTIVITY],
          rows: requests.map((r) => ({ id: r.id, type: r.type, email: r.email, details: r.details, deceasedEmail: r.deceasedEmail, status: r.status, createdAt: r.createdAt, receivedAt: r.receivedAt, dueDate: r.extendedDueDate ?? r.dueDate, closedAt: r.closedAt })),
        },
        {
          kind: 'privacy-request-steps',
          label: { fr: 'les étapes du traitement de vos demandes', en: 'the steps in handling your requests' },
          activities: [ACTIVITY],
          // Who acted in the back office is the business's own data: the person sees the step and its date.
          rows: events.map((e) => ({ requestId: e.requestId, at: e.at, step: e.kind })),
        },
      ];
    },
    /**
     * Erasure leaves confirmed requests and their history in place (the proof that they were
     * answered, kept on the ground above until 5 years after closing; directives must outlive the
     * person); it deletes what proves nothing: unconfirmed requests and any identity document.
     */
    async erase(ctx, subject): Promise<ErasureLine[]> {
      const requests = await requestsOf(ctx, subject.emails);
      const unconfirmed = requests.filter((r) => r.status === 'unconfirmed').map((r) => r.id);
      const confirmed = requests.filter((r) => r.status !== 'unconfirmed');
      let documents = 0;
      for (const r of confirmed) documents += await queries.deleteDocument(ctx.db, r.id);
      const deleted = await queries.deleteRequests(ctx.db, unconfirmed);
      const lines: ErasureLine[] = [];
      if (deleted > 0) lines.push({ kind: 'privacy-requests-unconfirmed', label: { fr: 'vos demandes non confirmées', en: 'your unconfirmed requests' }, action: 'deleted', count: deleted });
      if (documents > 0) lines.push({ kind: 'privacy-request-documents', label: { fr: 'vos justificatifs d’identité', en: 'your proofs of identity' }, action: 'deleted', count: documents });
      if (confirmed.length > 0) {
        const latest = confirmed.map((r) => r.closedAt ?? ctx.now.toISOString()).sort().at(-1)!;
        lines.push({ kind: 'privacy-requests', label, action: 'kept', count: confirmed.length, ground: keptGround, until: fiveYearsAfter(latest) });
      }
      return lines;
    },
  },
};

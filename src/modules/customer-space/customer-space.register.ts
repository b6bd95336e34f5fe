import { exportRow, nonEmpty } from '../../platform/personal-data.js';
import type { ModuleRegister } from '../../platform/privacy-register.js';
import { hostingProvider } from '../../platform/recipients.js';
import * as queries from './customer-space.queries.js';
import { SESSION_IDLE_MS, SESSION_MAX_MS, LINK_MINUTES } from './customer-space.service.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const customerSpaceRegister: ModuleRegister = {
  module: 'customer-space',
  activities: [
    {
      id: 'customer-space-access',
      name: { fr: 'Connexion à votre espace client', en: 'Access to your customer space' },
      // The record of processing activities (art. 30) is the controller's: in the third person.
      record: {
        fr: 'Permettre aux clients d’entrer dans leur espace par un lien envoyé à leur adresse e-mail, et sécuriser cette connexion, pour qu’ils consultent, déplacent ou annulent leurs réservations et mettent à jour leurs coordonnées.',
        en: 'Letting customers into their space through a link sent to their e-mail address, and securing that sign-in, so that they can see, move or cancel their bookings and update their details.',
      },
      purpose: {
        fr: 'Vous laisser entrer dans votre espace client par un lien envoyé à votre adresse e-mail, et sécuriser cette connexion, pour que vous puissiez consulter, déplacer ou annuler vos réservations et mettre à jour vos coordonnées.',
        en: 'Letting you into your customer space with a link sent to your e-mail address, and securing that access, so that you can view, move or cancel your bookings and update your details.',
      },
      legalBasis: 'contract',
      dataSubjects: { fr: 'les clients', en: 'customers' },
      dataCategories: [
        { fr: 'empreinte du lien de connexion et date de son utilisation', en: 'fingerprint of the sign-in link and when it was used' },
        { fr: 'dates de connexion et d’activité', en: 'sign-in and activity times' },
      ],
      recipients: [hostingProvider],
    },
  ],
  tables: [
    {
      table: 'customer_sign_in_links',
      personal: { customer_id: ['customer-space-access'], created_at: ['customer-space-access'], used_at: ['customer-space-access'] },
      nonPersonal: ['token_hash', 'expires_at'],
    },
    {
      table: 'customer_sessions',
      personal: { customer_id: ['customer-space-access'], created_at: ['customer-space-access'], last_seen_at: ['customer-space-access'] },
      nonPersonal: ['id', 'expires_at'],
    },
  ],
  retention: [
    {
      id: 'customer-space.links',
      activity: 'customer-space-access',
      records: { fr: 'chaque lien de connexion à votre espace client', en: 'each sign-in link to your customer space' },
      keep: {},
      from: {
        fr: `son expiration (${LINK_MINUTES}\u00a0minutes après son envoi, qu’il ait servi ou non)`,
        en: `it expires (${LINK_MINUTES} minutes after it is sent, used or not)`,
      },
      then: 'delete',
      apply: ({ db }, cutoff, { dryRun }) => queries.expiredLinks(db, cutoff.toISOString(), dryRun),
    },
    {
      id: 'customer-space.sessions',
      activity: 'customer-space-access',
      records: { fr: 'chaque session dans votre espace client', en: 'each session in your customer space' },
      keep: {},
      from: {
        fr: `sa fin (après ${SESSION_IDLE_MS / MINUTE}\u00a0minutes sans activité, ou ${SESSION_MAX_MS / HOUR}\u00a0heures au plus)`,
        en: `it ends (after ${SESSION_IDLE_MS / MINUTE} minutes without activity, or ${SESSION_MAX_MS / HOUR} hours at most)`,
      },
      then: 'delete',
      apply: ({ db }, cutoff, { dryRun }) => queries.staleSessions(db, cutoff.toISOString(), new Date(cutoff.getTime() - SESSION_IDLE_MS).toISOString(), dryRun),
    },
  ],
  // The links and sessions are the customer's (by id): a person without a customer record has none.
  personalData: {
    async find({ db }, subject) {
      if (!subject.customerId) return [];
      const { links, sessions } = await queries.selectPersonalAccess(db, subject.customerId);
      return nonEmpty([
        { kind: 'sign-in-links', label: kinds.links, count: links.length },
        { kind: 'customer-space-sessions', label: kinds.sessions, count: sessions.length },
      ]);
    },
    async export({ db }, subject) {
      if (!subject.customerId) return [];
      const { links, sessions } = await queries.selectPersonalAccess(db, subject.customerId);
      return [
        { kind: 'sign-in-links', label: kinds.links, activities: ['customer-space-access'], rows: links.map(exportRow) },
        { kind: 'customer-space-sessions', label: kinds.sessions, activities: ['customer-space-access'], rows: sessions.map(exportRow) },
      ].filter((records) => records.rows.length > 0);
    },
    async erase({ db }, subject) {
      if (!subject.customerId) return [];
      const { links, sessions } = await queries.deletePersonalAccess(db, subject.customerId);
      return nonEmpty([
        { kind: 'sign-in-links', label: kinds.links, action: 'deleted' as const, count: links },
        { kind: 'customer-space-sessions', label: kinds.sessions, action: 'deleted' as const, count: sessions },
      ]);
    },
  },
};

const kinds = {
  links: { fr: 'Liens de connexion à l’espace client', en: 'Sign-in links to the customer space' },
  sessions: { fr: 'Sessions dans l’espace client', en: 'Customer space sessions' },
};

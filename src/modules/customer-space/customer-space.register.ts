import type { ModuleRegister } from '../../platform/privacy-register.js';
import * as queries from './customer-space.queries.js';
import { SESSION_IDLE_MS } from './customer-space.service.js';

export const customerSpaceRegister: ModuleRegister = {
  module: 'customer-space',
  activities: [
    {
      id: 'customer-space-access',
      name: { fr: 'Connexion à votre espace client', en: 'Access to your customer space' },
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
      recipients: [{ fr: 'nos prestataires d’hébergement, en qualité de sous-traitants', en: 'our hosting provider, as a processor' }],
      retention: {
        fr: 'chaque lien, 15\u00a0minutes (il est supprimé une fois expiré, qu’il ait servi ou non)\u00a0; chaque session, jusqu’à 30\u00a0minutes d’inactivité ou 4\u00a0heures au plus, puis elle est supprimée.',
        en: 'each link, 15 minutes (deleted once expired, used or not); each session, until 30 minutes of inactivity or 4 hours at most, then deleted.',
      },
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
  async sweep(db, now) {
    const { sessions, links } = await queries.deleteStale(db, now.toISOString(), new Date(now.getTime() - SESSION_IDLE_MS).toISOString());
    return [{ activity: 'customer-space-access', deleted: sessions + links, anonymised: 0 }];
  },
};

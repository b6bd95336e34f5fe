import type { ModuleRegister } from '../../platform/privacy-register.js';
import * as queries from './admin.queries.js';
import { SESSION_IDLE_MS } from './admin.service.js';

export const adminRegister: ModuleRegister = {
  module: 'admin',
  activities: [
    {
      id: 'backoffice-access',
      name: { fr: 'Accès à l’espace d’administration', en: 'Administration access' },
      purpose: {
        fr: 'Réserver l’espace d’administration aux personnes habilitées et sécuriser leurs connexions.',
        en: 'Restricting the administration area to authorised people and securing their logins.',
      },
      legalBasis: 'legitimate_interest',
      dataSubjects: { fr: 'le responsable du traitement et ses collaborateurs', en: 'the controller and their staff' },
      dataCategories: [
        { fr: 'adresse e-mail', en: 'e-mail address' },
        { fr: 'empreinte du mot de passe', en: 'password hash' },
        { fr: 'dates de connexion', en: 'login dates' },
      ],
      recipients: [{ fr: 'aucun', en: 'none' }],
      retention: {
        fr: 'le compte, tant qu’il est actif\u00a0; chaque session, jusqu’à 12 heures d’inactivité ou 7 jours au plus.',
        en: 'the account, while it is active; each session, until 12 hours of inactivity or 7 days at most.',
      },
    },
  ],
  tables: [
    {
      table: 'admin_users',
      personal: { email: ['backoffice-access'], password_hash: ['backoffice-access'], last_login_at: ['backoffice-access'] },
      nonPersonal: ['id', 'role', 'created_at'],
    },
    {
      table: 'admin_sessions',
      personal: { admin_id: ['backoffice-access'], created_at: ['backoffice-access'], last_seen_at: ['backoffice-access'] },
      nonPersonal: ['id', 'expires_at'],
    },
    { table: 'admin_setup_tokens', personal: {}, nonPersonal: ['token_hash', 'created_at', 'expires_at'] },
  ],
  async sweep(db, now) {
    const sessions = await queries.deleteStaleSessions(db, now.toISOString(), new Date(now.getTime() - SESSION_IDLE_MS).toISOString());
    await queries.deleteSetupTokens(db, now.toISOString());
    return [{ activity: 'backoffice-access', deleted: sessions, anonymised: 0 }];
  },
};

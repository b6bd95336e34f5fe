import type { ModuleRegister } from '../../platform/privacy-register.js';
import * as queries from './admin.queries.js';
import { SESSION_IDLE_MS } from './admin.service.js';
import * as teamQueries from './team.queries.js';
import * as twoFactorQueries from './two-factor.queries.js';

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
      dataSubjects: { fr: 'le responsable du traitement, les membres de son équipe et les personnes qu’il invite', en: 'the controller, their staff and the people they invite' },
      dataCategories: [
        { fr: 'adresse e-mail', en: 'e-mail address' },
        { fr: 'rôle (responsable ou équipe)', en: 'role (owner or staff)' },
        { fr: 'empreinte du mot de passe', en: 'password hash' },
        { fr: 'dates de connexion', en: 'login dates' },
        { fr: 'secret de double authentification (chiffré) et empreintes des codes de secours', en: 'two-factor secret (encrypted) and hashes of the recovery codes' },
        { fr: 'adresse e-mail des personnes invitées', en: 'e-mail address of the people invited' },
      ],
      recipients: [{ fr: 'notre prestataire d’envoi d’e-mails (invitations, liens de réinitialisation), en qualité de sous-traitant', en: 'our e-mail delivery provider (invitations, reset links), as a processor' }],
      retention: {
        fr: 'le compte, tant qu’il est actif (supprimé dès que le responsable retire le membre)\u00a0; chaque session, jusqu’à 12 heures d’inactivité ou 7 jours au plus\u00a0; une invitation, 48 heures ou jusqu’à son acceptation\u00a0; un lien de réinitialisation, une heure ou jusqu’à son usage.',
        en: 'the account, while it is active (deleted as soon as the owner removes the member); each session, until 12 hours of inactivity or 7 days at most; an invitation, 48 hours or until accepted; a reset link, one hour or until used.',
      },
    },
  ],
  tables: [
    {
      table: 'admin_users',
      personal: {
        email: ['backoffice-access'],
        password_hash: ['backoffice-access'],
        last_login_at: ['backoffice-access'],
        totp_secret: ['backoffice-access'],
        totp_enabled_at: ['backoffice-access'],
        totp_last_step: ['backoffice-access'],
        code_failures: ['backoffice-access'],
        code_locked_until: ['backoffice-access'],
      },
      nonPersonal: ['id', 'role', 'created_at'],
    },
    { table: 'admin_recovery_codes', personal: { admin_id: ['backoffice-access'], code_hash: ['backoffice-access'] }, nonPersonal: ['created_at'] },
    {
      table: 'admin_invitations',
      personal: { email: ['backoffice-access'], invited_by: ['backoffice-access'] },
      nonPersonal: ['id', 'token_hash', 'role', 'created_at', 'expires_at'],
    },
    { table: 'admin_password_resets', personal: { admin_id: ['backoffice-access'] }, nonPersonal: ['token_hash', 'created_at', 'expires_at'] },
    { table: 'admin_login_challenges', personal: { admin_id: ['backoffice-access'] }, nonPersonal: ['id', 'attempts', 'created_at', 'expires_at'] },
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
    const links =
      (await teamQueries.deleteExpiredInvitations(db, now.toISOString())) +
      (await teamQueries.deleteExpiredPasswordResets(db, now.toISOString())) +
      (await twoFactorQueries.deleteExpiredChallenges(db, now.toISOString()));
    return [{ activity: 'backoffice-access', deleted: sessions + links, anonymised: 0 }];
  },
};

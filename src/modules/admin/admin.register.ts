import { exportRow, nonEmpty } from '../../platform/personal-data.js';
import type { ModuleRegister } from '../../platform/privacy-register.js';
import { emailProvider, hostingProvider } from '../../platform/recipients.js';
import * as queries from './admin.queries.js';
import { LOGIN_CHALLENGE_MS, SESSION_IDLE_MS, SESSION_MAX_MS } from './admin.service.js';
import { INVITATION_MS, PASSWORD_RESET_MS } from './team.service.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const kinds = {
  account: { fr: 'Compte d’administration', en: 'Administration account' },
  sessions: { fr: 'Sessions d’administration', en: 'Administration sessions' },
  invitations: { fr: 'Invitations à l’équipe', en: 'Team invitations' },
};

const ownerGround = {
  fr: 'compte du responsable du traitement, sans lequel le site ne peut être administré (intérêt légitime, RGPD art. 6.1.f)\u00a0; il est supprimé avec l’installation',
  en: 'the controller’s own account, without which the site cannot be run (legitimate interest, GDPR art. 6(1)(f)); deleted with the installation',
};

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
      recipients: [
        {
          ...emailProvider,
          fr: 'notre prestataire d’envoi d’e-mails (invitations, liens de réinitialisation), en qualité de sous-traitant',
          en: 'our e-mail delivery provider (invitations, reset links), as a processor',
        },
        hostingProvider,
      ],
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
  retention: [
    {
      id: 'admin.accounts',
      activity: 'backoffice-access',
      records: { fr: 'le compte de chaque membre de l’équipe', en: 'each team member’s account' },
      keep: {},
      from: { fr: 'son retrait par le responsable', en: 'the owner removes the member' },
      then: 'delete',
      // Not time-based: removing a member deletes the account at once (team.service.ts), nothing is left for a run.
      apply: async () => 0,
    },
    {
      id: 'admin.sessions',
      activity: 'backoffice-access',
      records: { fr: 'chaque session d’administration', en: 'each administration session' },
      keep: {},
      from: {
        fr: `sa fin (après ${SESSION_IDLE_MS / HOUR}\u00a0heures sans activité, ou ${SESSION_MAX_MS / DAY}\u00a0jours au plus)`,
        en: `it ends (after ${SESSION_IDLE_MS / HOUR} hours without activity, or ${SESSION_MAX_MS / DAY} days at most)`,
      },
      then: 'delete',
      apply: ({ db }, cutoff, { dryRun }) => queries.staleSessions(db, cutoff.toISOString(), new Date(cutoff.getTime() - SESSION_IDLE_MS).toISOString(), dryRun),
    },
    {
      id: 'admin.links',
      activity: 'backoffice-access',
      records: {
        fr: 'chaque invitation, chaque lien de réinitialisation du mot de passe et chaque connexion en attente du code de double authentification',
        en: 'each invitation, each password reset link and each login waiting for its two-factor code',
      },
      keep: {},
      from: {
        fr: `son usage ou son expiration (${INVITATION_MS / HOUR}\u00a0heures pour une invitation, ${PASSWORD_RESET_MS / HOUR}\u00a0heure pour un lien, ${LOGIN_CHALLENGE_MS / MINUTE}\u00a0minutes pour un code)`,
        en: `it is used or expires (${INVITATION_MS / HOUR} hours for an invitation, ${PASSWORD_RESET_MS / HOUR} hour for a link, ${LOGIN_CHALLENGE_MS / MINUTE} minutes for a code)`,
      },
      then: 'delete',
      // With the owner-setup link (no personal data), which expires the same way.
      apply: ({ db }, cutoff, { dryRun }) => queries.expiredLinks(db, cutoff.toISOString(), dryRun),
    },
  ],
  // A person is here as a member of the team (or invited to be one), by address.
  personalData: {
    async find({ db }, subject) {
      const found = await queries.selectPersonalAccess(db, subject.emails);
      return nonEmpty([
        { kind: 'backoffice-account', label: kinds.account, count: found.accounts.length },
        { kind: 'backoffice-sessions', label: kinds.sessions, count: found.sessions.length },
        { kind: 'backoffice-invitations', label: kinds.invitations, count: found.invitations.length },
      ]);
    },
    async export({ db }, subject) {
      const found = await queries.selectPersonalAccess(db, subject.emails);
      // Without the password's hash, the two-factor secret or the recovery codes' hashes: security data, of no use to read and dangerous to hand out.
      const accounts = found.accounts.map(({ id: _id, ...account }) => exportRow({ ...account, recovery_codes_left: found.recoveryCodes.length }));
      return [
        { kind: 'backoffice-account', label: kinds.account, activities: ['backoffice-access'], rows: accounts },
        { kind: 'backoffice-sessions', label: kinds.sessions, activities: ['backoffice-access'], rows: found.sessions.map(exportRow) },
        { kind: 'backoffice-invitations', label: kinds.invitations, activities: ['backoffice-access'], rows: found.invitations.map(exportRow) },
      ].filter((records) => records.rows.length > 0);
    },
    async erase({ db }, subject) {
      const erased = await queries.erasePersonalAccess(db, subject.emails);
      return nonEmpty([
        { kind: 'backoffice-account', label: kinds.account, action: 'deleted' as const, count: erased.accounts },
        { kind: 'backoffice-invitations', label: kinds.invitations, action: 'deleted' as const, count: erased.invitations },
        { kind: 'backoffice-account', label: kinds.account, action: 'kept' as const, count: erased.keptOwners, ground: ownerGround },
      ]);
    },
  },
};


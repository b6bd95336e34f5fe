import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { inSerializableTransaction } from '../../db/transaction.js';
import type { BusinessProfile } from '../../platform/business.js';
import type { Clock } from '../../platform/clock.js';
import { adminPaths } from '../../platform/http/paths.js';
import { validate, type ValidationTexts } from '../../platform/http/validation.js';
import { newId, randomToken, sha256Hex } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { adminErrors } from './admin.errors.js';
import { invitationMail, passwordResetMail } from './admin.mails.js';
import { hashPassword, openSession } from './admin.passwords.js';
import * as queries from './admin.queries.js';
import { adminValidationTexts, emailSchema, invitationSchema, newPasswordSchema } from './admin.schemas.js';
import * as teamQueries from './team.queries.js';
import * as twoFactorQueries from './two-factor.queries.js';

export const INVITATION_MS = 48 * 3_600_000;
export const PASSWORD_RESET_MS = 3_600_000;
/** Live reset links one account may have at once: enough for a lost mail, not a flood of them. */
const MAX_LIVE_RESETS = 3;

/** The outbox, as this module uses it (app.ts gives it; the outbox module's own pages use this module's guard). */
export interface MailQueue {
  enqueue(db: Kysely<DB>, message: { kind: string; category: 'transactional'; recipient: string; locale: Locale; subject: string; text: string; html: string; eraseAfterSending?: boolean }): Promise<string>;
  wake(): void;
}

export interface TeamDeps {
  database: Database;
  clock: Clock;
  mail: MailQueue;
  baseUrl: string;
  /** The business profile in force (settings module). */
  business: () => BusinessProfile;
}

const invitationTexts: ValidationTexts = {
  fr: { ...adminValidationTexts.fr, 'label.email': 'l’adresse e-mail de la personne invitée' },
  en: { ...adminValidationTexts.en, 'label.email': 'the e-mail address of the person invited' },
};

export type TeamService = ReturnType<typeof createTeamService>;
export type { Invitation } from './team.queries.js';

/** The owner's team: members, invitations by e-mail, removal; and the forgotten-password links every member can ask for. */
export function createTeamService({ database, clock, mail, baseUrl, business }: TeamDeps) {
  const { db } = database;
  const now = () => clock.now();
  const later = (ms: number) => new Date(now().getTime() + ms).toISOString();

  return {
    members: () => queries.selectTeam(db),
    invitations: () => teamQueries.selectLiveInvitations(db, now().toISOString()),

    /** Invites an address to the team with a role: a one-time link valid 48 hours, mailed through the outbox. */
    async invite(by: queries.AdminAccount, input: unknown, locale: Locale): Promise<{ email: string }> {
      const { email, role } = validate(invitationSchema, input, locale, invitationTexts);
      const token = randomToken(32);
      const expiresAt = later(INVITATION_MS);
      const rendered = invitationMail({ locale, business: business(), inviter: by.email, role, url: `${baseUrl}${adminPaths.invitation(token)}`, expiresAt });
      await inSerializableTransaction(database, async (trx) => {
        if (await queries.selectAdminByEmail(trx, email)) throw adminErrors.ALREADY_MEMBER();
        // A new invitation replaces an earlier one to the same address: only the latest link works.
        await teamQueries.deleteInvitationsFor(trx, email);
        await teamQueries.insertInvitation(trx, { id: newId(), tokenHash: sha256Hex(token), email, role, invitedBy: by.id, at: now().toISOString(), expiresAt });
        await mail.enqueue(trx, { kind: 'admin-invitation', category: 'transactional', recipient: email, locale, ...rendered, eraseAfterSending: true });
      });
      mail.wake();
      return { email };
    },

    async cancelInvitation(id: string): Promise<void> {
      if (!(await teamQueries.deleteInvitation(db, id))) throw adminErrors.INVITATION_NOT_FOUND();
    },

    /** The invitation behind a link, while it can still be used. */
    invitationFor: (token: string) => teamQueries.selectLiveInvitation(db, sha256Hex(token), now().toISOString()),

    /** Creates the invited account with the password chosen, spends the link, and opens a session. */
    async acceptInvitation(token: string, input: unknown, locale: Locale): Promise<string> {
      const tokenHash = sha256Hex(token);
      if (!(await teamQueries.selectLiveInvitation(db, tokenHash, now().toISOString()))) throw adminErrors.INVITATION_INVALID();
      const { password } = validate(newPasswordSchema, input, locale, adminValidationTexts);
      const passwordHash = await hashPassword(password);
      const id = newId();
      // Checked again after the slow hash, in one transaction with the account's creation: one use only.
      await inSerializableTransaction(database, async (trx) => {
        const invitation = await teamQueries.spendInvitation(trx, tokenHash, now().toISOString());
        if (!invitation) throw adminErrors.INVITATION_INVALID();
        if (await queries.selectAdminByEmail(trx, invitation.email)) throw adminErrors.INVITATION_INVALID();
        await queries.insertAdmin(trx, { id, email: invitation.email, role: invitation.role, passwordHash, createdAt: now().toISOString() });
      });
      return openSession(db, clock, id);
    },

    /** Removes a member: the account and its sessions go at once. The last owner stays. */
    async removeMember(id: string): Promise<void> {
      await inSerializableTransaction(database, async (trx) => {
        const member = await queries.selectAdminById(trx, id);
        if (!member) throw adminErrors.MEMBER_NOT_FOUND();
        if (member.role === 'owner' && (await queries.countOwners(trx)) <= 1) throw adminErrors.LAST_OWNER();
        await queries.deleteAdmin(trx, id);
      });
    },

    setTwoFactorRequired: (required: boolean) => teamQueries.upsertTwoFactorRequired(db, required, now().toISOString()),

    /**
     * « Mot de passe oublié ? »: mails a one-time link valid one hour when the address has an
     * account. The caller answers the same either way; the work done (token, mail rendered, a
     * query) is the same too, so that the time taken does not tell either.
     */
    async requestPasswordReset(input: unknown, locale: Locale): Promise<void> {
      const { email } = validate(emailSchema, input, locale, adminValidationTexts);
      const token = randomToken(32);
      const rendered = passwordResetMail({ locale, business: business(), url: `${baseUrl}${adminPaths.passwordReset(token)}` });
      const account = await queries.selectAdminByEmail(db, email);
      let queued = false;
      await inSerializableTransaction(database, async (trx) => {
        const live = await teamQueries.countLivePasswordResets(trx, account?.id ?? '', now().toISOString());
        if (!account || live >= MAX_LIVE_RESETS) return;
        await teamQueries.insertPasswordReset(trx, { tokenHash: sha256Hex(token), adminId: account.id, at: now().toISOString(), expiresAt: later(PASSWORD_RESET_MS) });
        await mail.enqueue(trx, { kind: 'admin-password-reset', category: 'transactional', recipient: account.email, locale, ...rendered, eraseAfterSending: true });
        queued = true;
      });
      if (queued) mail.wake();
    },

    async resetLinkIsValid(token: string): Promise<boolean> {
      return (await teamQueries.selectLivePasswordReset(db, sha256Hex(token), now().toISOString())) !== undefined;
    },

    /** Sets the new password from a reset link, spends every reset link of the account and ends all its sessions. */
    async resetPassword(token: string, input: unknown, locale: Locale): Promise<void> {
      const tokenHash = sha256Hex(token);
      if (!(await teamQueries.selectLivePasswordReset(db, tokenHash, now().toISOString()))) throw adminErrors.RESET_LINK_INVALID();
      const { password } = validate(newPasswordSchema, input, locale, adminValidationTexts);
      const passwordHash = await hashPassword(password);
      await inSerializableTransaction(database, async (trx) => {
        const adminId = await teamQueries.spendPasswordReset(trx, tokenHash, now().toISOString());
        if (!adminId) throw adminErrors.RESET_LINK_INVALID();
        await queries.updatePasswordHash(trx, adminId, passwordHash);
        await queries.deleteSessionsOf(trx, adminId);
        await teamQueries.deletePasswordResetsOf(trx, adminId);
        await twoFactorQueries.deleteChallengesOf(trx, adminId);
      });
    },
  };
}

import { adminPaths } from '../../../platform/http/paths.js';
import { formatDateTime } from '../../../platform/i18n/format.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { Checkbox, ErrorSummary, Notice, SelectField, TextField, type Errors } from '../../../ui/form.js';
import type { Invitation, TeamMember } from '../admin.model.js';

const N = '\u00a0';

const texts = {
  fr: {
    title: 'Équipe',
    intro: `Le responsable a accès à tout. Un membre de l’équipe voit et gère l’agenda, les réservations et les clients${N}; il n’a pas accès aux prestations, horaires, fermetures, courriels, exports, paramètres ni à l’équipe.`,
    members: 'Membres',
    email: 'Adresse e-mail',
    role: 'Rôle',
    twoFactor: 'Double authentification',
    lastLogin: 'Dernière connexion',
    actions: 'Actions',
    owner: 'Responsable',
    staff: 'Équipe',
    on: 'Activée',
    off: 'Non activée',
    never: 'Jamais',
    you: '(vous)',
    remove: 'Retirer',
    removeLabel: (email: string) => `Retirer ${email}`,
    invitations: 'Invitations en attente',
    noInvitations: 'Aucune invitation en attente.',
    expires: 'Valable jusqu’au',
    cancel: 'Annuler',
    cancelLabel: (email: string) => `Annuler l’invitation de ${email}`,
    invite: 'Inviter un membre',
    inviteHint: `Un lien à usage unique, valable 48${N}heures, lui est envoyé par e-mail${N}; il y choisit son mot de passe.`,
    inviteEmail: 'Adresse e-mail de la personne invitée',
    inviteRole: 'Rôle',
    send: 'Envoyer l’invitation',
    invited: `Invitation envoyée${N}: elle apparaît parmi les invitations en attente jusqu’à ce qu’elle soit acceptée.`,
    removed: 'Le membre a été retiré de l’équipe et ses sessions sont fermées.',
    invitationCancelled: 'L’invitation a été annulée.',
    requireTitle: 'Double authentification pour tous',
    requireLabel: 'Exiger la double authentification pour tous les membres',
    requireHint: `Un membre qui ne l’a pas encore activée devra le faire à sa prochaine page, avant toute autre chose${N}; il ne pourra plus la désactiver.`,
    save: 'Enregistrer',
    requireSaved: (on: boolean) => (on ? 'La double authentification est désormais exigée pour tous.' : 'La double authentification n’est plus exigée.'),
    errors: 'Corrigez les points suivants',
    confirmTitle: (email: string) => `Retirer ${email} de l’équipe${N}?`,
    confirmText: `Son compte est supprimé et toutes ses sessions ouvertes se ferment immédiatement. Pour lui redonner accès, il faudra l’inviter de nouveau.`,
    confirm: 'Retirer de l’équipe',
    keep: 'Ne pas retirer',
  },
  en: {
    title: 'Team',
    intro: 'The owner has access to everything. A staff member sees and manages the agenda, the bookings and the customers; they cannot open services, opening hours, closures, e-mails, exports, settings or the team.',
    members: 'Members',
    email: 'E-mail address',
    role: 'Role',
    twoFactor: 'Two-factor authentication',
    lastLogin: 'Last login',
    actions: 'Actions',
    owner: 'Owner',
    staff: 'Staff',
    on: 'On',
    off: 'Off',
    never: 'Never',
    you: '(you)',
    remove: 'Remove',
    removeLabel: (email: string) => `Remove ${email}`,
    invitations: 'Pending invitations',
    noInvitations: 'No pending invitation.',
    expires: 'Valid until',
    cancel: 'Cancel',
    cancelLabel: (email: string) => `Cancel the invitation of ${email}`,
    invite: 'Invite a member',
    inviteHint: 'A one-time link, valid 48 hours, is e-mailed to them; they choose their password there.',
    inviteEmail: 'E-mail address of the person invited',
    inviteRole: 'Role',
    send: 'Send the invitation',
    invited: 'Invitation sent: it is listed among the pending invitations until it is accepted.',
    removed: 'The member was removed from the team and their sessions are closed.',
    invitationCancelled: 'The invitation was cancelled.',
    requireTitle: 'Two-factor authentication for everyone',
    requireLabel: 'Require two-factor authentication of every member',
    requireHint: 'A member who has not turned it on yet must do so at their next page, before anything else; they can no longer turn it off.',
    save: 'Save',
    requireSaved: (on: boolean) => (on ? 'Two-factor authentication is now required of everyone.' : 'Two-factor authentication is no longer required.'),
    errors: 'Please fix the following',
    confirmTitle: (email: string) => `Remove ${email} from the team?`,
    confirmText: 'Their account is deleted and every open session of theirs ends at once. To give them access again, invite them again.',
    confirm: 'Remove from the team',
    keep: 'Keep them',
  },
};

export type TeamNotice = { kind: 'invited' } | { kind: 'removed' } | { kind: 'invitationCancelled' } | { kind: 'requireSaved'; on: boolean };

export interface TeamPageProps {
  ctx: AdminContext;
  selfId: string;
  members: TeamMember[];
  invitations: Invitation[];
  twoFactorRequired: boolean;
  errors: Errors;
  /** A problem that belongs to no field (the last owner). */
  problem?: string | undefined;
  values?: { email?: string; role?: string };
  notice?: TeamNotice | undefined;
}

export function TeamPage(props: TeamPageProps) {
  const { ctx, errors } = props;
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  const notice = props.notice;
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.team}>
      <h1>{t.title}</h1>
      {notice ? (
        <Notice kind="success">
          {notice.kind === 'invited' ? t.invited : notice.kind === 'removed' ? t.removed : notice.kind === 'invitationCancelled' ? t.invitationCancelled : t.requireSaved(notice.on)}
        </Notice>
      ) : null}
      {props.problem ? (
        <div class="error-summary" role="alert">
          <p>{props.problem}</p>
        </div>
      ) : null}
      <p>{t.intro}</p>

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t.members}</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.email}</th>
                <th scope="col">{t.role}</th>
                <th scope="col">{t.twoFactor}</th>
                <th scope="col">{t.lastLogin}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {props.members.map((m) => (
                <tr key={m.id}>
                  <td>
                    {m.email} {m.id === props.selfId ? t.you : null}
                  </td>
                  <td>{m.role === 'owner' ? t.owner : t.staff}</td>
                  <td>{m.twoFactor ? t.on : t.off}</td>
                  <td>{m.lastLoginAt ? formatDateTime(m.lastLoginAt, ctx.locale, zone) : t.never}</td>
                  <td>
                    <a href={adminPaths.teamMemberRemove(m.id)} aria-label={t.removeLabel(m.email)}>
                      {t.remove}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="invitations-heading">
        <h2 id="invitations-heading">{t.invitations}</h2>
        {props.invitations.length === 0 ? (
          <p>{t.noInvitations}</p>
        ) : (
          <ul class="stack">
            {props.invitations.map((i) => (
              <li key={i.id}>
                {i.email} · {i.role === 'owner' ? t.owner : t.staff} · {t.expires} {formatDateTime(i.expiresAt, ctx.locale, zone)}{' '}
                <form method="post" action={adminPaths.teamInvitationCancel(i.id)} class="inline-form">
                  <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                  <button type="submit" class="link-button" aria-label={t.cancelLabel(i.email)}>
                    {t.cancel}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="card" aria-labelledby="invite-heading">
        <h2 id="invite-heading">{t.invite}</h2>
        <p>{t.inviteHint}</p>
        <ErrorSummary errors={errors} title={t.errors} />
        <form method="post" action={adminPaths.teamInvite} novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <TextField name="email" label={t.inviteEmail} type="email" autocomplete="off" value={props.values?.email} error={errors.email} required />
          <SelectField
            name="role"
            label={t.inviteRole}
            value={props.values?.role ?? 'staff'}
            error={errors.role}
            required
            options={[
              { value: 'staff', label: t.staff },
              { value: 'owner', label: t.owner },
            ]}
          />
          <button type="submit" class="button">
            {t.send}
          </button>
        </form>
      </section>

      <section class="card" aria-labelledby="require-heading">
        <h2 id="require-heading">{t.requireTitle}</h2>
        <p class="hint">{t.requireHint}</p>
        <form method="post" action={adminPaths.teamTwoFactor}>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <Checkbox name="required" label={t.requireLabel} checked={props.twoFactorRequired} />
          <button type="submit" class="button button--secondary">
            {t.save}
          </button>
        </form>
      </section>
    </AdminLayout>
  );
}

export function RemoveMemberPage({ ctx, member }: { ctx: AdminContext; member: TeamMember }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.confirmTitle(member.email)} current={adminPaths.team}>
      <h1>{t.confirmTitle(member.email)}</h1>
      <p>{t.confirmText}</p>
      <form method="post" action={adminPaths.teamMemberRemove(member.id)} class="stack">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <button type="submit" class="button button--danger">
          {t.confirm}
        </button>
      </form>
      <p>
        <a href={adminPaths.team}>{t.keep}</a>
      </p>
    </AdminLayout>
  );
}

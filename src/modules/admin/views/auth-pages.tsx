import { adminPaths } from '../../../platform/http/paths.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { ErrorSummary, Notice, TextField, type Errors } from '../../../ui/form.js';
import { PASSWORD_MIN_LENGTH } from '../admin.schemas.js';

const texts = {
  fr: {
    loginTitle: 'Connexion',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    login: 'Se connecter',
    errors: 'Corrigez les points suivants',
    setupTitle: 'Créer le compte du responsable',
    setupIntro: 'Ce lien, affiché au démarrage du serveur, ne sert qu’une fois\u00a0: il crée le compte qui administre le site.',
    passwordHint: `Au moins ${PASSWORD_MIN_LENGTH} caractères. Une phrase de passe facile à retenir convient très bien.`,
    create: 'Créer le compte',
    forgot: 'Mot de passe oublié\u00a0?',
    passwordReset: 'Votre mot de passe a été changé et toutes vos sessions ont été fermées. Connectez-vous avec le nouveau.',
    codeTitle: 'Code de vérification',
    codeIntro: 'Saisissez le code à six chiffres affiché par votre application d’authentification.',
    code: 'Code à six chiffres ou code de secours',
    codeHint: 'Sans votre téléphone, saisissez l’un de vos codes de secours (chacun ne sert qu’une fois).',
    verify: 'Vérifier',
    restart: 'Recommencer la connexion',
    forgotTitle: 'Mot de passe oublié',
    forgotIntro: 'Indiquez l’adresse e-mail de votre compte d’administration. Si elle correspond à un compte, vous recevrez un lien pour choisir un nouveau mot de passe, valable une heure.',
    send: 'Recevoir le lien',
    forgotSent: 'Si cette adresse correspond à un compte, un e-mail vient de lui être envoyé avec un lien valable une heure. Pensez à regarder dans les indésirables.',
    backToLogin: 'Retour à la connexion',
    resetTitle: 'Choisir un nouveau mot de passe',
    resetIntro: 'Toutes les sessions ouvertes de votre compte seront fermées.',
    newPassword: 'Nouveau mot de passe',
    resetSubmit: 'Enregistrer le mot de passe',
    invitationTitle: (business: string) => `Rejoindre l’administration de ${business}`,
    invitationIntro: (role: string) => `Vous êtes invité avec le rôle «\u00a0${role}\u00a0». Choisissez votre mot de passe pour créer votre compte.`,
    owner: 'responsable',
    staff: 'équipe',
    join: 'Créer mon compte',
  },
  en: {
    loginTitle: 'Log in',
    email: 'E-mail address',
    password: 'Password',
    login: 'Log in',
    errors: 'Please fix the following',
    setupTitle: 'Create the owner account',
    setupIntro: 'This link, printed when the server started, works once: it creates the account that runs the site.',
    passwordHint: `At least ${PASSWORD_MIN_LENGTH} characters. A passphrase you can remember works well.`,
    create: 'Create the account',
    forgot: 'Forgot your password?',
    passwordReset: 'Your password was changed and all your sessions were closed. Log in with the new one.',
    codeTitle: 'Verification code',
    codeIntro: 'Enter the six-digit code shown by your authenticator app.',
    code: 'Six-digit code or recovery code',
    codeHint: 'Without your phone, enter one of your recovery codes (each one works once).',
    verify: 'Verify',
    restart: 'Start the login again',
    forgotTitle: 'Forgot your password',
    forgotIntro: 'Enter the e-mail address of your back-office account. If it matches an account, you will receive a link to choose a new password, valid for one hour.',
    send: 'Send me the link',
    forgotSent: 'If this address matches an account, an e-mail was just sent to it with a link valid for one hour. Check your spam folder too.',
    backToLogin: 'Back to login',
    resetTitle: 'Choose a new password',
    resetIntro: 'Every open session of your account will be closed.',
    newPassword: 'New password',
    resetSubmit: 'Save the password',
    invitationTitle: (business: string) => `Join the ${business} back office`,
    invitationIntro: (role: string) => `You are invited with the role "${role}". Choose your password to create your account.`,
    owner: 'owner',
    staff: 'staff',
    join: 'Create my account',
  },
};

const withNext = (path: string, next: string | undefined) => `${path}${next ? `?suivant=${encodeURIComponent(next)}` : ''}`;

export function LoginPage({ ctx, errors, email, next, notice, problem }: { ctx: AdminContext; errors: Errors; email?: string; next?: string; notice?: 'passwordReset'; problem?: string }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.loginTitle}>
      <div class="narrow">
        <h1>{t.loginTitle}</h1>
        {notice === 'passwordReset' ? <Notice kind="success">{t.passwordReset}</Notice> : null}
        {problem ? (
          <div class="error-summary" role="alert">
            <p>{problem}</p>
          </div>
        ) : null}
        <ErrorSummary errors={errors} title={t.errors} />
        <form method="post" action={`${adminPaths.login}${next ? `?suivant=${encodeURIComponent(next)}` : ''}`} novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <TextField name="email" label={t.email} type="email" autocomplete="username" value={email} error={errors.email} required />
          <TextField name="password" label={t.password} type="password" autocomplete="current-password" error={errors.password} required />
          <button type="submit" class="button">
            {t.login}
          </button>
        </form>
        <p>
          <a href={adminPaths.forgotPassword}>{t.forgot}</a>
        </p>
      </div>
    </AdminLayout>
  );
}

export function LoginCodePage({ ctx, errors, next }: { ctx: AdminContext; errors: Errors; next?: string }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.codeTitle}>
      <div class="narrow">
        <h1>{t.codeTitle}</h1>
        <p>{t.codeIntro}</p>
        <ErrorSummary errors={errors} title={t.errors} />
        <form method="post" action={withNext(adminPaths.loginCode, next)} novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <TextField name="code" label={t.code} hint={t.codeHint} autocomplete="one-time-code" maxLength={64} error={errors.code} required />
          <button type="submit" class="button">
            {t.verify}
          </button>
        </form>
        <p>
          <a href={withNext(adminPaths.login, next)}>{t.restart}</a>
        </p>
      </div>
    </AdminLayout>
  );
}

export function ForgotPasswordPage({ ctx, errors, email, sent }: { ctx: AdminContext; errors: Errors; email?: string; sent: boolean }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.forgotTitle}>
      <div class="narrow">
        <h1>{t.forgotTitle}</h1>
        {sent ? (
          <Notice kind="success">{t.forgotSent}</Notice>
        ) : (
          <>
            <p>{t.forgotIntro}</p>
            <ErrorSummary errors={errors} title={t.errors} />
            <form method="post" action={adminPaths.forgotPassword} novalidate>
              <input type="hidden" name="_csrf" value={ctx.csrfToken} />
              <TextField name="email" label={t.email} type="email" autocomplete="username" value={email} error={errors.email} required />
              <button type="submit" class="button">
                {t.send}
              </button>
            </form>
          </>
        )}
        <p>
          <a href={adminPaths.login}>{t.backToLogin}</a>
        </p>
      </div>
    </AdminLayout>
  );
}

export function ResetPasswordPage({ ctx, token, email, errors }: { ctx: AdminContext; token: string; email: string; errors: Errors }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.resetTitle}>
      <div class="narrow">
        <h1>{t.resetTitle}</h1>
        <p>{t.resetIntro}</p>
        <ErrorSummary errors={errors} title={t.errors} />
        <form method="post" action={adminPaths.passwordReset(token)} novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <input type="text" name="username" value={email} autocomplete="username" hidden />
          <TextField name="password" label={t.newPassword} hint={t.passwordHint} type="password" autocomplete="new-password" error={errors.password} required />
          <button type="submit" class="button">
            {t.resetSubmit}
          </button>
        </form>
      </div>
    </AdminLayout>
  );
}

export function InvitationPage({ ctx, token, email, role, errors }: { ctx: AdminContext; token: string; email: string; role: 'owner' | 'staff'; errors: Errors }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.invitationTitle(ctx.business.name)}>
      <div class="narrow">
        <h1>{t.invitationTitle(ctx.business.name)}</h1>
        <p>{t.invitationIntro(role === 'owner' ? t.owner : t.staff)}</p>
        <ErrorSummary errors={errors} title={t.errors} />
        <form method="post" action={adminPaths.invitation(token)} novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <div class="field">
            <label for="f-invited-email">{t.email}</label>
            <input id="f-invited-email" type="email" name="username" value={email} autocomplete="username" readOnly />
          </div>
          <TextField name="password" label={t.password} hint={t.passwordHint} type="password" autocomplete="new-password" error={errors.password} required />
          <button type="submit" class="button">
            {t.join}
          </button>
        </form>
      </div>
    </AdminLayout>
  );
}

export function SetupPage({ ctx, token, errors, email }: { ctx: AdminContext; token: string; errors: Errors; email?: string }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.setupTitle}>
      <div class="narrow">
        <h1>{t.setupTitle}</h1>
        <p>{t.setupIntro}</p>
        <ErrorSummary errors={errors} title={t.errors} />
        <form method="post" action={adminPaths.setup(token)} novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <TextField name="email" label={t.email} type="email" autocomplete="username" value={email} error={errors.email} required />
          <TextField name="password" label={t.password} hint={t.passwordHint} type="password" autocomplete="new-password" error={errors.password} required />
          <button type="submit" class="button">
            {t.create}
          </button>
        </form>
      </div>
    </AdminLayout>
  );
}

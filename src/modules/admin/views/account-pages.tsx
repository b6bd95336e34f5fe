import { adminPaths } from '../../../platform/http/paths.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { ErrorSummary, Notice, TextField, type Errors } from '../../../ui/form.js';
import { PASSWORD_MIN_LENGTH } from '../admin.schemas.js';

const N = '\u00a0';

const texts = {
  fr: {
    title: 'Mon compte',
    signedInAs: (email: string, role: string) => `Connecté avec ${email} (${role}).`,
    owner: 'responsable',
    staff: 'équipe',
    passwordTitle: 'Changer de mot de passe',
    passwordIntro: 'Vos autres sessions ouvertes (un autre navigateur, un autre appareil) seront fermées.',
    currentPassword: 'Mot de passe actuel',
    newPassword: 'Nouveau mot de passe',
    passwordHint: `Au moins ${PASSWORD_MIN_LENGTH} caractères. Une phrase de passe facile à retenir convient très bien.`,
    change: 'Changer le mot de passe',
    passwordChanged: 'Votre mot de passe a été changé. Vos autres sessions sont fermées.',
    twoFactorTitle: 'Double authentification',
    twoFactorOff: `Non activée. Une fois activée, la connexion demande, après le mot de passe, un code à six chiffres affiché par une application d’authentification sur votre téléphone.`,
    twoFactorOn: (left: number) => `Activée. Il vous reste ${left} code${left > 1 ? 's' : ''} de secours.`,
    enable: 'Activer la double authentification',
    disableTitle: 'Désactiver la double authentification',
    disableHint: 'Confirmez avec votre mot de passe.',
    password: 'Mot de passe',
    disable: 'Désactiver',
    requiredByOwner: `Le responsable exige la double authentification pour toute l’équipe${N}: elle ne peut pas être désactivée.`,
    disabled: 'La double authentification est désactivée.',
    enrolTitle: 'Activer la double authentification',
    enrolRequired: `Le responsable exige la double authentification pour toute l’équipe. Activez-la pour continuer${N}: le reste de l’administration s’ouvrira ensuite.`,
    step1: `1. Installez une application d’authentification sur votre téléphone (par exemple FreeOTP, Aegis, Google Authenticator ou Microsoft Authenticator).`,
    step2: `2. Dans l’application, ajoutez un compte en scannant ce code QR${N}:`,
    qrAlt: 'Code QR à scanner avec votre application d’authentification',
    manual: `Ou saisissez cette clé à la main${N}:`,
    step3: '3. Saisissez le code à six chiffres que l’application affiche.',
    code: 'Code à six chiffres',
    confirm: 'Activer',
    errors: 'Corrigez les points suivants',
    codesTitle: 'Vos codes de secours',
    codesIntro: `La double authentification est activée. Voici vos dix codes de secours${N}: chacun permet une seule connexion si vous n’avez plus votre téléphone. Notez-les ou imprimez-les maintenant et gardez-les en lieu sûr${N}: ils ne seront plus jamais affichés.`,
    codesSessions: 'Vos autres sessions ouvertes ont été fermées.',
    codesDone: 'J’ai noté mes codes, continuer',
  },
  en: {
    title: 'My account',
    signedInAs: (email: string, role: string) => `Signed in as ${email} (${role}).`,
    owner: 'owner',
    staff: 'staff',
    passwordTitle: 'Change my password',
    passwordIntro: 'Your other open sessions (another browser, another device) will be closed.',
    currentPassword: 'Current password',
    newPassword: 'New password',
    passwordHint: `At least ${PASSWORD_MIN_LENGTH} characters. A passphrase you can remember works well.`,
    change: 'Change the password',
    passwordChanged: 'Your password was changed. Your other sessions are closed.',
    twoFactorTitle: 'Two-factor authentication',
    twoFactorOff: 'Off. Once on, logging in asks, after the password, for a six-digit code shown by an authenticator app on your phone.',
    twoFactorOn: (left: number) => `On. You have ${left} recovery code${left === 1 ? '' : 's'} left.`,
    enable: 'Turn on two-factor authentication',
    disableTitle: 'Turn off two-factor authentication',
    disableHint: 'Confirm with your password.',
    password: 'Password',
    disable: 'Turn off',
    requiredByOwner: 'The owner requires two-factor authentication for the whole team: it cannot be turned off.',
    disabled: 'Two-factor authentication is off.',
    enrolTitle: 'Turn on two-factor authentication',
    enrolRequired: 'The owner requires two-factor authentication for the whole team. Turn it on to go on: the rest of the back office opens afterwards.',
    step1: '1. Install an authenticator app on your phone (for example FreeOTP, Aegis, Google Authenticator or Microsoft Authenticator).',
    step2: '2. In the app, add an account by scanning this QR code:',
    qrAlt: 'QR code to scan with your authenticator app',
    manual: 'Or type this key by hand:',
    step3: '3. Enter the six-digit code the app shows.',
    code: 'Six-digit code',
    confirm: 'Turn on',
    errors: 'Please fix the following',
    codesTitle: 'Your recovery codes',
    codesIntro: 'Two-factor authentication is on. Here are your ten recovery codes: each one opens one login if you no longer have your phone. Write them down or print them now and keep them safe: they will never be shown again.',
    codesSessions: 'Your other open sessions were closed.',
    codesDone: 'I have noted my codes, continue',
  },
};

export type AccountNotice = 'passwordChanged' | 'twoFactorDisabled';

export interface AccountPageProps {
  ctx: AdminContext;
  role: 'owner' | 'staff';
  twoFactor: { enabled: boolean; recoveryCodesLeft: number; required: boolean };
  passwordErrors: Errors;
  disableErrors: Errors;
  problem?: string | undefined;
  notice?: AccountNotice | undefined;
}

export function AccountPage(props: AccountPageProps) {
  const { ctx, twoFactor } = props;
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.account}>
      <h1>{t.title}</h1>
      {props.notice ? <Notice kind="success">{props.notice === 'passwordChanged' ? t.passwordChanged : t.disabled}</Notice> : null}
      {props.problem ? (
        <div class="error-summary" role="alert">
          <p>{props.problem}</p>
        </div>
      ) : null}
      <p>{t.signedInAs(ctx.adminEmail ?? '', props.role === 'owner' ? t.owner : t.staff)}</p>

      <section class="card" aria-labelledby="password-heading">
        <h2 id="password-heading">{t.passwordTitle}</h2>
        <p>{t.passwordIntro}</p>
        <ErrorSummary errors={props.passwordErrors} title={t.errors} />
        <form method="post" action={adminPaths.accountPassword} novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <input type="text" name="username" value={ctx.adminEmail} autocomplete="username" hidden />
          <TextField name="currentPassword" label={t.currentPassword} type="password" autocomplete="current-password" error={props.passwordErrors.currentPassword} required />
          <TextField name="password" label={t.newPassword} hint={t.passwordHint} type="password" autocomplete="new-password" error={props.passwordErrors.password} required />
          <button type="submit" class="button">
            {t.change}
          </button>
        </form>
      </section>

      <section class="card" aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading">{t.twoFactorTitle}</h2>
        {twoFactor.enabled ? (
          <>
            <p>{t.twoFactorOn(twoFactor.recoveryCodesLeft)}</p>
            {twoFactor.required ? (
              <p>{t.requiredByOwner}</p>
            ) : (
              <>
                <h3>{t.disableTitle}</h3>
                <ErrorSummary errors={props.disableErrors} title={t.errors} />
                <form method="post" action={adminPaths.accountTwoFactorDisable} novalidate>
                  <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                  <TextField name="password" id="f-disable-password" label={t.password} hint={t.disableHint} type="password" autocomplete="current-password" error={props.disableErrors.password} required />
                  <button type="submit" class="button button--danger">
                    {t.disable}
                  </button>
                </form>
              </>
            )}
          </>
        ) : (
          <>
            <p>{t.twoFactorOff}</p>
            <p>
              <a class="button" href={adminPaths.accountTwoFactor}>
                {t.enable}
              </a>
            </p>
          </>
        )}
      </section>
    </AdminLayout>
  );
}

export function TwoFactorEnrolPage({ ctx, secret, qrDataUri, required, errors }: { ctx: AdminContext; secret: string; qrDataUri: string; required: boolean; errors: Errors }) {
  const t = texts[ctx.locale];
  const grouped = secret.match(/.{1,4}/g)?.join(' ') ?? secret;
  return (
    <AdminLayout ctx={ctx} title={t.enrolTitle} current={adminPaths.account}>
      <div class="narrow">
        <h1>{t.enrolTitle}</h1>
        {required ? <Notice kind="warning">{t.enrolRequired}</Notice> : null}
        <ErrorSummary errors={errors} title={t.errors} />
        <p>{t.step1}</p>
        <p>{t.step2}</p>
        <p>
          <img src={qrDataUri} alt={t.qrAlt} width={220} height={220} class="qr-code" />
        </p>
        <p>
          {t.manual} <code class="totp-secret">{grouped}</code>
        </p>
        <p>{t.step3}</p>
        <form method="post" action={adminPaths.accountTwoFactor} novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <TextField name="code" label={t.code} autocomplete="one-time-code" inputMode="numeric" maxLength={64} size="short" error={errors.code} required />
          <button type="submit" class="button">
            {t.confirm}
          </button>
        </form>
      </div>
    </AdminLayout>
  );
}

export function RecoveryCodesPage({ ctx, codes }: { ctx: AdminContext; codes: string[] }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.codesTitle} current={adminPaths.account}>
      <div class="narrow">
        <h1>{t.codesTitle}</h1>
        <Notice kind="success">{t.codesIntro}</Notice>
        <ol class="recovery-codes">
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        <p>{t.codesSessions}</p>
        <p>
          <a class="button" href={adminPaths.dashboard}>
            {t.codesDone}
          </a>
        </p>
      </div>
    </AdminLayout>
  );
}

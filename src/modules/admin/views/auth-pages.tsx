import { adminPaths } from '../../../platform/http/paths.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { ErrorSummary, TextField, type Errors } from '../../../ui/form.js';
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
  },
};

export function LoginPage({ ctx, errors, email, next }: { ctx: AdminContext; errors: Errors; email?: string; next?: string }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.loginTitle}>
      <div class="narrow">
        <h1>{t.loginTitle}</h1>
        <ErrorSummary errors={errors} title={t.errors} />
        <form method="post" action={`${adminPaths.login}${next ? `?suivant=${encodeURIComponent(next)}` : ''}`} novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <TextField name="email" label={t.email} type="email" autocomplete="username" value={email} error={errors.email} required />
          <TextField name="password" label={t.password} type="password" autocomplete="current-password" error={errors.password} required />
          <button type="submit" class="button">
            {t.login}
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

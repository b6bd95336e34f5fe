import type { ComponentChildren } from 'preact';
import type { BusinessProfile } from '../business.js';
import { adminPaths } from '../http/paths.js';
import type { Locale } from '../i18n/locale.js';
import { FaviconLinks } from './layout.js';

/** What every back-office page needs: the reader's language, the CSRF token for its forms, who is signed in. */
export interface AdminContext {
  locale: Locale;
  business: BusinessProfile;
  styleUrl: string;
  csrfToken: string;
  /** Undefined on the login and setup pages. */
  adminEmail?: string;
  /** Staff see no link to the owner's pages (the guard refuses them anyway). */
  adminRole?: 'owner' | 'staff';
}

const texts = {
  fr: {
    skip: 'Aller au contenu',
    nav: 'Administration',
    dashboard: 'Tableau de bord',
    agenda: 'Agenda',
    bookings: 'Réservations',
    customers: 'Clients',
    privacyRequests: 'Demandes RGPD',
    exports: 'Exports',
    payments: 'Paiements',
    invoices: 'Factures',
    archives: 'Archive légale',
    services: 'Prestations',
    hours: 'Horaires',
    closures: 'Fermetures',
    outbox: 'Courriels',
    jobs: 'Tâches',
    team: 'Équipe',
    account: 'Mon compte',
    settings: 'Paramètres',
    privacy: 'Confidentialité',
    logout: 'Se déconnecter',
    site: 'Voir le site',
    suffix: 'Administration',
  },
  en: {
    skip: 'Skip to content',
    nav: 'Administration',
    dashboard: 'Dashboard',
    agenda: 'Agenda',
    bookings: 'Bookings',
    customers: 'Customers',
    privacyRequests: 'Data requests',
    exports: 'Exports',
    payments: 'Payments',
    invoices: 'Invoices',
    archives: 'Legal archive',
    services: 'Services',
    hours: 'Opening hours',
    closures: 'Closures',
    outbox: 'E-mails',
    jobs: 'Jobs',
    team: 'Team',
    account: 'My account',
    settings: 'Settings',
    privacy: 'Privacy',
    logout: 'Log out',
    site: 'View the site',
    suffix: 'Administration',
  },
};

export function AdminLayout({ ctx, title, current, children }: { ctx: AdminContext; title: string; current?: string; children: ComponentChildren }) {
  const t = texts[ctx.locale];
  // [href, label, owner only]: the same split as the routes' `ownerOnly` (admin module's guard).
  const all: [string, string, boolean][] = [
    [adminPaths.dashboard, t.dashboard, false],
    [adminPaths.agenda, t.agenda, false],
    [adminPaths.bookings, t.bookings, false],
    [adminPaths.customers, t.customers, false],
    [adminPaths.privacyRequests, t.privacyRequests, true],
    [adminPaths.services, t.services, true],
    [adminPaths.openingHours, t.hours, true],
    [adminPaths.closures, t.closures, true],
    [adminPaths.outbox, t.outbox, true],
    [adminPaths.jobs, t.jobs, true],
    [adminPaths.payments, t.payments, true],
    [adminPaths.invoices, t.invoices, true],
    [adminPaths.exports, t.exports, true],
    [adminPaths.archives, t.archives, true],
    [adminPaths.team, t.team, true],
    [adminPaths.settings, t.settings, true],
    [adminPaths.privacyPolicy, t.privacy, true],
    [adminPaths.account, t.account, false],
  ];
  const links = all.filter(([, , ownerOnly]) => !ownerOnly || ctx.adminRole === 'owner');
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="same-origin" />
        <title>{`${title} · ${ctx.business.name} · ${t.suffix}`}</title>
        <FaviconLinks business={ctx.business} />
        <link rel="stylesheet" href={ctx.styleUrl} />
      </head>
      <body class="admin">
        <a class="skip-link" href="#main">
          {t.skip}
        </a>
        <header class="site-header site-header--admin">
          <div class="container site-header__inner">
            <a class="brand" href={adminPaths.dashboard}>
              {ctx.business.name} · {t.suffix}
            </a>
            {ctx.adminEmail ? (
              <nav aria-label={t.nav} class="site-nav">
                {links.map(([href, label]) => (
                  <a key={href} href={href} aria-current={current === href ? 'page' : undefined}>
                    {label}
                  </a>
                ))}
                <a href="/">{t.site}</a>
                <form method="post" action={adminPaths.logout} class="inline-form">
                  <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                  <button type="submit" class="link-button">
                    {t.logout}
                  </button>
                </form>
              </nav>
            ) : null}
          </div>
        </header>
        <main id="main" tabIndex={-1} class="container">
          {children}
        </main>
      </body>
    </html>
  );
}

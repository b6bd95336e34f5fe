import type { ComponentChildren } from 'preact';
import { paths } from '../http/paths.js';
import { formatLongDate } from '../i18n/format.js';
import { faviconUrls, logoUrl } from './logo.js';
import type { PageContext } from './page-context.js';

const texts = {
  fr: {
    skip: 'Aller au contenu',
    mainNav: 'Navigation principale',
    services: 'Prestations',
    space: 'Mon espace',
    otherLanguage: 'English',
    otherLanguageLabel: 'Read this page in English',
    legalNotice: 'Mentions légales',
    terms: 'Conditions générales de vente',
    privacy: 'Politique de confidentialité',
    footerNav: 'Informations légales',
    policyChanged: (date: string) => `Notre politique de confidentialité a changé le ${date}.`,
    policyChanges: 'Voir les changements',
  },
  en: {
    skip: 'Skip to content',
    mainNav: 'Main navigation',
    services: 'Services',
    space: 'My space',
    otherLanguage: 'Français',
    otherLanguageLabel: 'Lire cette page en français',
    legalNotice: 'Legal notice',
    terms: 'Terms of sale',
    privacy: 'Privacy policy',
    footerNav: 'Legal information',
    policyChanged: (date: string) => `Our privacy policy changed on ${date}.`,
    policyChanges: 'See the changes',
  },
};

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  description?: string;
  /** Load the site's script: only pages with islands need it. */
  withScript?: boolean;
  /** Move on to this address at once (a meta refresh: works without script, unlike a redirect not bound by form-action). */
  refreshTo?: string;
  children: ComponentChildren;
}

/** The browser tab's icon, made from the logo (none, rather than a request for /favicon.ico, without one). */
export function FaviconLinks({ business }: { business: PageContext['business'] }) {
  if (!business.logo) return <link rel="icon" href="data:," />;
  const icons = faviconUrls(business.logo);
  return (
    <>
      <link rel="icon" type="image/png" sizes="32x32" href={icons.icon32} />
      <link rel="apple-touch-icon" sizes="180x180" href={icons.touch180} />
    </>
  );
}

/** The public site's frame: header, language switch, footer with the legal pages. */
export function Layout({ ctx, title, description, withScript, refreshTo, children }: LayoutProps) {
  const t = texts[ctx.locale];
  const other = ctx.locale === 'fr' ? 'en' : 'fr';
  const { business } = ctx;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${business.name}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        {refreshTo ? <meta http-equiv="refresh" content={`0;url=${refreshTo}`} /> : null}
        <meta name="referrer" content="same-origin" />
        <FaviconLinks business={business} />
        <link rel="stylesheet" href={ctx.styleUrl} />
        {ctx.languageUrls ? (
          <>
            <link rel="alternate" hrefLang="fr" href={ctx.languageUrls.fr} />
            <link rel="alternate" hrefLang="en" href={ctx.languageUrls.en} />
            {/* French is the site's default language, served without a prefix. */}
            <link rel="alternate" hrefLang="x-default" href={ctx.languageUrls.fr} />
          </>
        ) : null}
        {withScript ? <script type="module" src={ctx.scriptUrl} /> : null}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t.skip}
        </a>
        <header class="site-header">
          <div class="container site-header__inner">
            <a class="brand" href={paths.home(ctx.locale)}>
              {/* The name follows the logo: the image is decorative for screen readers. */}
              {business.logo ? <img class="brand__logo" src={logoUrl(business.logo)} alt="" width={business.logo.width} height={business.logo.height} /> : null}
              <span>{business.name}</span>
            </a>
            <nav aria-label={t.mainNav} class="site-nav">
              <a href={paths.services(ctx.locale)}>{t.services}</a>
              <a href={paths.customerSpace(ctx.locale)}>{t.space}</a>
              <a href={ctx.alternate ?? paths.home(other)} hrefLang={other} lang={other} aria-label={t.otherLanguageLabel}>
                {t.otherLanguage}
              </a>
            </nav>
          </div>
        </header>
        {ctx.policyNotice ? (
          <aside class="policy-notice" aria-label={t.privacy} data-policy-notice={ctx.policyNotice.version}>
            <div class="container">
              {t.policyChanged(formatLongDate(ctx.policyNotice.announcedAt, ctx.locale, business.timezone))}{' '}
              <a href={`${paths.privacyPolicyChanges(ctx.locale)}?version=${ctx.policyNotice.version}`}>{t.policyChanges}</a>
            </div>
          </aside>
        ) : null}
        <main id="main" tabIndex={-1} class="container">
          {children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>
              {business.legalName} · {business.address.line1}, {business.address.postalCode} {business.address.city}
            </p>
            <nav aria-label={t.footerNav}>
              <ul class="inline-list">
                <li>
                  <a href={paths.legalNotice(ctx.locale)}>{t.legalNotice}</a>
                </li>
                <li>
                  <a href={paths.terms(ctx.locale)}>{t.terms}</a>
                </li>
                <li>
                  <a href={paths.privacyPolicy(ctx.locale)}>{t.privacy}</a>
                </li>
              </ul>
            </nav>
          </div>
        </footer>
      </body>
    </html>
  );
}

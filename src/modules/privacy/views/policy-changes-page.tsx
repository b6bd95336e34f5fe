import { paths } from '../../../platform/http/paths.js';
import { formatLongDate } from '../../../platform/i18n/format.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { PolicyAnnouncement } from '../policy-announcements.model.js';
import type { SectionChanges } from '../policy-diff.js';
import { PolicyChangesList } from './policy-changes.js';

const texts = {
  fr: {
    title: 'Changements de la politique de confidentialité',
    intro: (version: string, date: string, previous: string) => `La version ${version} de notre politique de confidentialité, annoncée le ${date}, remplace la version ${previous}. Voici les paragraphes ajoutés et retirés\u00a0; les autres n’ont pas changé.`,
    first: (version: string, date: string) => `La version ${version}, en ligne depuis le ${date}, est la première version de notre politique de confidentialité.`,
    read: 'Lire cette version en entier',
    previous: 'Lire la version précédente',
  },
  en: {
    title: 'Changes to the privacy policy',
    intro: (version: string, date: string, previous: string) => `Version ${version} of our privacy policy, announced on ${date}, replaces version ${previous}. Here are the paragraphs added and removed; the others did not change.`,
    first: (version: string, date: string) => `Version ${version}, online since ${date}, is the first version of our privacy policy.`,
    read: 'Read this version in full',
    previous: 'Read the previous version',
  },
};

/** What an announced version changed, for anyone (linked from the site's notice and the customers' mail). */
export function PolicyChangesPage({ ctx, announcement, changes }: { ctx: PageContext; announcement: PolicyAnnouncement; changes: SectionChanges[] }) {
  const t = texts[ctx.locale];
  const date = formatLongDate(announcement.announcedAt, ctx.locale, ctx.business.timezone);
  const versionUrl = (version: string) => `${paths.privacyPolicy(ctx.locale)}?version=${version}`;
  return (
    <Layout ctx={ctx} title={t.title}>
      <article class="prose">
        <h1>{t.title}</h1>
        <p class="lead">{announcement.previousVersion ? t.intro(announcement.version, date, announcement.previousVersion) : t.first(announcement.version, date)}</p>
        <p>
          <a href={versionUrl(announcement.version)}>{t.read}</a>
          {announcement.previousVersion ? (
            <>
              {' · '}
              <a href={versionUrl(announcement.previousVersion)}>{t.previous}</a>
            </>
          ) : null}
        </p>
        {announcement.previousVersion ? <PolicyChangesList sections={changes} locale={ctx.locale} /> : null}
      </article>
    </Layout>
  );
}

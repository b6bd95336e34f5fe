import { adminPaths, paths } from '../../../platform/http/paths.js';
import { formatDateTime } from '../../../platform/i18n/format.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import type { LegalDocument } from '../../../platform/legal-document.js';
import { Notice } from '../../../ui/form.js';
import type { PendingAnnouncement, PolicyAnnouncement } from '../policy-announcements.model.js';
import { PolicyChangesList } from './policy-changes.js';

const NBSP = '\u00a0';

const texts = {
  fr: {
    title: 'Confidentialité',
    intro: 'La politique de confidentialité est produite par le logiciel à partir du registre des traitements. Une nouvelle version s’applique dès qu’elle est en ligne\u00a0; vos clients en sont informés lorsque vous la publiez ici.',
    pendingHeading: 'Nouvelle version à publier',
    pendingIntro: (version: string, previous: string) => `La version ${version} est en ligne, mais vos clients n’en ont pas encore été informés. Voici ce qui change depuis la version ${previous}, puis le texte complet.`,
    changesHeading: 'Changements',
    previewHeading: 'Aperçu de la nouvelle version',
    publishHint: `En publiant, chaque client reçoit un e-mail dans sa langue (envoyé par lots, en arrière-plan) avec la liste des changements et un lien vers la nouvelle version, et un avis s’affiche sur toutes les pages du site pendant 30${NBSP}jours. C’est une information, pas de la prospection${NBSP}: les clients opposés à la prospection la reçoivent aussi.`,
    publish: 'Publier et informer les clients',
    upToDate: 'Vos clients ont été informés de la version en vigueur. Rien à publier.',
    published: 'La nouvelle politique est publiée\u00a0: l’avis s’affiche sur le site et les e-mails partent en arrière-plan.',
    historyHeading: 'Versions annoncées',
    version: 'Version',
    date: 'Date',
    how: 'Information',
    silent: 'Première version, sans annonce',
    mailed: (n: number, done: boolean) => `${n} client${n > 1 ? 's' : ''} informé${n > 1 ? 's' : ''}${done ? '' : ' (envoi en cours)'}`,
    read: 'Lire',
    changes: 'Changements',
    recordHeading: 'Registre des traitements',
    recordIntro: 'Le registre des activités de traitement (RGPD, article 30), tel que le logiciel le déclare, à présenter à la CNIL sur demande.',
    recordPage: 'Consulter le registre',
    recordCsv: 'Télécharger le registre (CSV)',
    current: 'Politique en ligne',
  },
  en: {
    title: 'Privacy',
    intro: 'The privacy policy is produced by the software from the processing register. A new version applies as soon as it is online; your customers are told of it when you publish it here.',
    pendingHeading: 'New version to publish',
    pendingIntro: (version: string, previous: string) => `Version ${version} is online, but your customers have not been told yet. Here is what changed since version ${previous}, then the full text.`,
    changesHeading: 'Changes',
    previewHeading: 'Preview of the new version',
    publishHint: 'When you publish, each customer gets an e-mail in their language (sent in batches, in the background) listing the changes with a link to the new version, and a notice shows on every page of the site for 30 days. It is information, not marketing: customers who objected to marketing get it too.',
    publish: 'Publish and tell customers',
    upToDate: 'Your customers were told of the version in force. Nothing to publish.',
    published: 'The new policy is published: the notice shows on the site and the e-mails go out in the background.',
    historyHeading: 'Announced versions',
    version: 'Version',
    date: 'Date',
    how: 'Information',
    silent: 'First version, not announced',
    mailed: (n: number, done: boolean) => `${n} customer${n > 1 ? 's' : ''} told${done ? '' : ' (sending)'}`,
    read: 'Read',
    changes: 'Changes',
    recordHeading: 'Record of processing',
    recordIntro: 'The record of processing activities (GDPR, article 30), as the software declares it, to show the CNIL on request.',
    recordPage: 'View the record',
    recordCsv: 'Download the record (CSV)',
    current: 'Policy online',
  },
};

/** The owner's page: the version to announce (changes, preview, publish), the announcements so far, the record. */
export function PolicyAdminPage({ ctx, pending, history, published, error }: { ctx: AdminContext; pending: PendingAnnouncement | undefined; history: PolicyAnnouncement[]; published: boolean; error?: string }) {
  const t = texts[ctx.locale];
  const locale = ctx.locale;
  const zone = ctx.business.timezone;
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.privacyPolicy}>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {published ? <Notice kind="success">{t.published}</Notice> : null}
      {error ? (
        <div class="notice notice--warning" role="alert">
          {error}
        </div>
      ) : null}
      {pending ? (
        <section class="card" aria-labelledby="pending-heading">
          <h2 id="pending-heading">{t.pendingHeading}</h2>
          <p>{t.pendingIntro(pending.current.version, pending.previous.version)}</p>
          <h3>{t.changesHeading}</h3>
          <PolicyChangesList sections={pending.changes[locale]} locale={locale} headingLevel={3} />
          <p class="muted">{t.publishHint}</p>
          <form method="post" action={adminPaths.privacyPolicyPublish}>
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <input type="hidden" name="version" value={pending.current.version} />
            <button type="submit" class="button">
              {t.publish}
            </button>
          </form>
          <details class="policy-preview">
            <summary>{t.previewHeading}</summary>
            <PreviewBody document={pending.current.documents[locale]} />
          </details>
        </section>
      ) : (
        <p class="notice">
          {t.upToDate} <a href={paths.privacyPolicy(locale === 'fr' ? 'fr' : 'en')}>{t.current}</a>
        </p>
      )}
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t.historyHeading}</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.version}</th>
                <th scope="col">{t.date}</th>
                <th scope="col">{t.how}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((a) => (
                <tr key={a.version}>
                  <td>
                    <a href={`${paths.privacyPolicy(locale)}?version=${a.version}`}>
                      {t.read} {a.version}
                    </a>
                    {a.previousVersion ? (
                      <>
                        {' · '}
                        <a href={`${paths.privacyPolicyChanges(locale)}?version=${a.version}`}>{t.changes}</a>
                      </>
                    ) : null}
                  </td>
                  <td>{formatDateTime(a.announcedAt, locale, zone)}</td>
                  <td>{a.silent ? t.silent : t.mailed(a.customersMailed, a.mailingDoneAt !== null)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="card" aria-labelledby="record-heading">
        <h2 id="record-heading">{t.recordHeading}</h2>
        <p>{t.recordIntro}</p>
        <p>
          <a href={adminPaths.processingRecord}>{t.recordPage}</a> · <a href={adminPaths.processingRecordCsv}>{t.recordCsv}</a>
        </p>
      </section>
    </AdminLayout>
  );
}

/** The text as the public page shows it, its headings two levels down (inside this page's outline). */
function PreviewBody({ document }: { document: LegalDocument }) {
  return (
    <article class="prose policy-preview__body">
      <h3>{document.title}</h3>
      {document.intro ? <p class="lead">{document.intro}</p> : null}
      {document.sections.map((section) => (
        <section key={section.heading}>
          <h4>{section.heading}</h4>
          {section.paragraphs.map((p) => (
            <p key={p}>{p}</p>
          ))}
          {section.list ? (
            <ul>
              {section.list.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ))}
    </article>
  );
}

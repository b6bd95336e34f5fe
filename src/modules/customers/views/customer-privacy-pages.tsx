import { adminPaths } from '../../../platform/http/paths.js';
import { formatCalendarDate, formatDateTime } from '../../../platform/i18n/format.js';
import type { ErasureAction, ErasureReport, PersonalDataFound } from '../../../platform/privacy-register.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { Notice } from '../../../ui/form.js';
import { customerName, type Customer } from '../customers.model.js';

const texts = {
  fr: {
    section: 'Données personnelles',
    sectionHint: 'Pour répondre à une demande d’accès ou d’effacement de ce client (RGPD, art. 15, 17 et 20).',
    export: 'Produire l’export de ses données',
    erase: 'Effacer ce client',
    back: (name: string) => `Retour à la fiche de ${name}`,
    exportTitle: 'Export des données produit',
    exportReady: (until: string) => `L’export est prêt. Ce lien reste valable jusqu’au ${until}\u00a0; transmettez-le au client (par exemple par e-mail). Passé ce délai, l’export est supprimé.`,
    link: 'Lien de téléchargement',
    eraseTitle: (name: string) => `Effacer ${name}\u00a0?`,
    eraseIntro:
      'Tout ce que la loi permet de supprimer sera supprimé ou anonymisé, fichiers compris. Ce que la loi oblige à conserver (factures, paiements, comptabilité) sera déplacé tel quel vers l’archive légale. Cette action est définitive.',
    found: 'Données trouvées',
    nothing: 'Aucune donnée trouvée.',
    failed: 'Ces parties n’ont pas pu être lues\u00a0; l’effacement pourrait être incomplet\u00a0:',
    confirm: 'Effacer définitivement',
    cancel: 'Annuler',
    reportTitle: 'Rapport d’effacement',
    reportIntro: 'Voici ce qui a été fait. Ce rapport peut être transmis au client.',
    incomplete: 'L’effacement est incomplet\u00a0: ces parties ont échoué et leurs données sont restées en place. Corrigez la cause (voir le journal du serveur) puis recommencez depuis la demande.',
    complete: 'Effacement terminé.',
    what: 'Données',
    action: 'Action',
    count: 'Nombre',
    ground: 'Motif de conservation',
    actions: { deleted: 'supprimées', anonymised: 'anonymisées', archived: 'archivées', kept: 'conservées' } satisfies Record<ErasureAction, string>,
    until: (date: string) => `jusqu’au ${date}`,
    customers: 'Retour à la liste des clients',
  },
  en: {
    section: 'Personal data',
    sectionHint: 'To answer this customer’s request for access or erasure (GDPR, art. 15, 17 and 20).',
    export: 'Produce the export of their data',
    erase: 'Erase this customer',
    back: (name: string) => `Back to ${name}’s record`,
    exportTitle: 'Data export produced',
    exportReady: (until: string) => `The export is ready. This link works until ${until}; send it to the customer (by e-mail, for instance). After that, the export is deleted.`,
    link: 'Download link',
    eraseTitle: (name: string) => `Erase ${name}?`,
    eraseIntro:
      'Everything the law lets go will be deleted or anonymised, files included. What the law requires us to keep (invoices, payments, accounting) will be moved unchanged to the legal archive. This cannot be undone.',
    found: 'Data found',
    nothing: 'No data found.',
    failed: 'These parts could not be read; the erasure may be incomplete:',
    confirm: 'Erase for good',
    cancel: 'Cancel',
    reportTitle: 'Erasure report',
    reportIntro: 'This is what was done. The report may be sent to the customer.',
    incomplete: 'The erasure is incomplete: these parts failed and their data stayed where it was. Fix the cause (see the server’s log), then start again from the request.',
    complete: 'Erasure complete.',
    what: 'Data',
    action: 'Action',
    count: 'Number',
    ground: 'Ground for keeping',
    actions: { deleted: 'deleted', anonymised: 'anonymised', archived: 'archived', kept: 'kept' } satisfies Record<ErasureAction, string>,
    until: (date: string) => `until ${date}`,
    customers: 'Back to the customers',
  },
};

/** On a customer's page, for the owner only: the two rights the owner answers from there. */
export function CustomerPrivacySection({ ctx, customer }: { ctx: AdminContext; customer: Customer }) {
  if (ctx.adminRole !== 'owner') return null;
  const t = texts[ctx.locale];
  return (
    <section class="card" aria-labelledby="personal-data-heading">
      <h2 id="personal-data-heading">{t.section}</h2>
      <p class="muted">{t.sectionHint}</p>
      <form method="post" action={adminPaths.customerDataExport(customer.id)} class="actions">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <button type="submit" class="button button--secondary">
          {t.export}
        </button>
        <a class="button button--danger" href={adminPaths.customerErase(customer.id)}>
          {t.erase}
        </a>
      </form>
    </section>
  );
}

export function CustomerExportPage({ ctx, customer, url, expiresAt }: { ctx: AdminContext; customer: Customer; url: string; expiresAt: Date }) {
  const t = texts[ctx.locale];
  const name = customerName(customer);
  return (
    <AdminLayout ctx={ctx} title={t.exportTitle} current={adminPaths.customers}>
      <p>
        <a href={adminPaths.customer(customer.id)}>← {t.back(name)}</a>
      </p>
      <h1>{t.exportTitle}</h1>
      <Notice kind="success">{t.exportReady(formatDateTime(expiresAt, ctx.locale, ctx.business.timezone))}</Notice>
      <p class="break-anywhere">
        {t.link}
        {ctx.locale === 'fr' ? '\u00a0: ' : ': '}
        <a href={url}>
          <code>{url}</code>
        </a>
      </p>
    </AdminLayout>
  );
}

export function CustomerErasePage({ ctx, customer, found, failed }: { ctx: AdminContext; customer: Customer; found: (PersonalDataFound & { module: string })[]; failed: { module: string }[] }) {
  const t = texts[ctx.locale];
  const name = customerName(customer);
  return (
    <AdminLayout ctx={ctx} title={t.eraseTitle(name)} current={adminPaths.customers}>
      <p>
        <a href={adminPaths.customer(customer.id)}>← {t.back(name)}</a>
      </p>
      <h1>{t.eraseTitle(name)}</h1>
      <p>{t.eraseIntro}</p>
      <h2>{t.found}</h2>
      {found.length === 0 ? (
        <p>{t.nothing}</p>
      ) : (
        <ul>
          {found.map((f) => (
            <li key={`${f.module}-${f.kind}`}>
              {f.label[ctx.locale]}
              {ctx.locale === 'fr' ? '\u00a0: ' : ': '}
              {f.count}
            </li>
          ))}
        </ul>
      )}
      {failed.length > 0 ? (
        <Notice kind="warning">
          {t.failed} {failed.map((f) => f.module).join(', ')}
        </Notice>
      ) : null}
      <form method="post" action={adminPaths.customerErase(customer.id)} class="actions">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <button type="submit" class="button button--danger">
          {t.confirm}
        </button>
        <a class="button button--secondary" href={adminPaths.customer(customer.id)}>
          {t.cancel}
        </a>
      </form>
    </AdminLayout>
  );
}

export function CustomerErasedPage({ ctx, report }: { ctx: AdminContext; report: ErasureReport }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.reportTitle} current={adminPaths.customers}>
      <h1>{t.reportTitle}</h1>
      {report.failed.length > 0 ? (
        <Notice kind="warning">
          {t.incomplete} {report.failed.map((f) => f.module).join(', ')}
        </Notice>
      ) : (
        <Notice kind="success">{t.complete}</Notice>
      )}
      <p>{t.reportIntro}</p>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.what}</th>
              <th scope="col">{t.action}</th>
              <th scope="col">{t.count}</th>
              <th scope="col">{t.ground}</th>
            </tr>
          </thead>
          <tbody>
            {report.lines.map((line) => (
              <tr key={`${line.module}-${line.kind}-${line.action}`}>
                <td>{line.label[ctx.locale]}</td>
                <td>{t.actions[line.action]}</td>
                <td>{line.count}</td>
                <td>
                  {line.ground ? line.ground[ctx.locale] : ''}
                  {line.until ? ` (${t.until(formatCalendarDate(line.until, ctx.locale))})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={adminPaths.customers}>← {t.customers}</a>
      </p>
    </AdminLayout>
  );
}

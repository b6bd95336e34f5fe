import { adminPaths } from '../../../platform/http/paths.js';
import { formatCalendarDate, formatDateTime } from '../../../platform/i18n/format.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { ErrorSummary, TextField, type Errors } from '../../../ui/form.js';
import type { ArchivedEntryView, ArchiveRead } from '../legal-archive.model.js';

const texts = {
  fr: {
    title: 'Archive légale',
    intro:
      'Les factures, avoirs, paiements et remboursements que la loi impose de conserver, tels qu’ils étaient quand leur vie active a pris fin ou quand leur client a demandé l’effacement de ses données. Vous seul pouvez les consulter\u00a0; chaque consultation est inscrite au journal ci-dessous. Chaque enregistrement est supprimé le lendemain de sa date de fin de conservation.',
    errors: 'Corrigez les points suivants',
    filter: 'Filtrer',
    kind: 'Type d’enregistrement',
    kindHint: 'Par exemple invoice, credit-note, payment, payment-refund.',
    customer: 'Identifiant du client',
    from: 'Archivé à partir du',
    to: 'Archivé jusqu’au',
    dateHint: 'AAAA-MM-JJ',
    apply: 'Afficher',
    kinds: (list: string[]) => (list.length > 0 ? `Types présents\u00a0: ${list.join(', ')}.` : 'L’archive est vide.'),
    none: 'Aucun enregistrement ne correspond.',
    record: 'Enregistrement',
    customerCol: 'Client',
    archivedAt: 'Archivé le',
    keepUntil: 'Conservé jusqu’au',
    ground: 'Fondement',
    files: 'Fichiers',
    open: (kind: string, id: string) => `Ouvrir ${kind} ${id}`,
    noCustomer: 'aucun',
    log: 'Journal des consultations',
    logIntro: 'Les 100 dernières consultations, les plus récentes d’abord.',
    logNone: 'Aucune consultation pour l’instant.',
    everything: 'sans filtre',
    when: 'Quand',
    who: 'Qui',
    what: 'Quoi',
    actions: { list: 'liste', open: 'ouverture', file: 'téléchargement', verify: 'vérification', export: 'droit d’accès', erase: 'demande d’effacement' } as Record<string, string>,
    back: 'Retour à l’archive',
    content: 'Contenu tel qu’archivé',
    download: (name: string) => `Télécharger ${name}`,
    size: (bytes: number) => `${bytes.toLocaleString('fr-FR')}\u00a0octets`,
  },
  en: {
    title: 'Legal archive',
    intro:
      'The invoices, credit notes, payments and refunds the law requires to keep, as they were when their active life ended or when their customer asked for erasure. Only you can read them; every read is written to the log below. Each record is deleted the day after its retention end date.',
    errors: 'Please fix the following',
    filter: 'Filter',
    kind: 'Record type',
    kindHint: 'For example invoice, credit-note, payment, payment-refund.',
    customer: 'Customer id',
    from: 'Archived from',
    to: 'Archived until',
    dateHint: 'YYYY-MM-DD',
    apply: 'Show',
    kinds: (list: string[]) => (list.length > 0 ? `Types held: ${list.join(', ')}.` : 'The archive is empty.'),
    none: 'No record matches.',
    record: 'Record',
    customerCol: 'Customer',
    archivedAt: 'Archived on',
    keepUntil: 'Kept until',
    ground: 'Ground',
    files: 'Files',
    open: (kind: string, id: string) => `Open ${kind} ${id}`,
    noCustomer: 'none',
    log: 'Read log',
    logIntro: 'The last 100 reads, newest first.',
    logNone: 'No read yet.',
    everything: 'no filter',
    when: 'When',
    who: 'Who',
    what: 'What',
    actions: { list: 'list', open: 'open', file: 'download', verify: 'verification', export: 'access request', erase: 'erasure request' } as Record<string, string>,
    back: 'Back to the archive',
    content: 'Content as archived',
    download: (name: string) => `Download ${name}`,
    size: (bytes: number) => `${bytes.toLocaleString('en-GB')} bytes`,
  },
};

export interface ArchiveFilterValues {
  type?: string | undefined;
  client?: string | undefined;
  du?: string | undefined;
  au?: string | undefined;
}

export function ArchivesPage({ ctx, view }: { ctx: AdminContext; view: { filter: ArchiveFilterValues; errors: Errors; kinds: string[]; entries?: ArchivedEntryView[]; reads: ArchiveRead[]; zone: string } }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.archives}>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <ErrorSummary errors={view.errors} title={t.errors} />
      <form method="get" action={adminPaths.archives} class="filter-form">
        <fieldset>
          <legend>{t.filter}</legend>
          <TextField name="type" label={t.kind} hint={t.kindHint} value={view.filter.type} error={view.errors.type} maxLength={40} />
          <TextField name="client" label={t.customer} value={view.filter.client} error={view.errors.client} maxLength={100} />
          <TextField name="du" label={t.from} type="date" hint={t.dateHint} value={view.filter.du} error={view.errors.du} />
          <TextField name="au" label={t.to} type="date" hint={t.dateHint} value={view.filter.au} error={view.errors.au} />
          <button type="submit" class="button">
            {t.apply}
          </button>
        </fieldset>
      </form>
      <p>{t.kinds(view.kinds)}</p>
      {view.entries ? <EntriesTable ctx={ctx} entries={view.entries} /> : null}
      <section aria-labelledby="reads-title">
        <h2 id="reads-title">{t.log}</h2>
        <p>{t.logIntro}</p>
        {view.reads.length === 0 ? (
          <p>{t.logNone}</p>
        ) : (
          // Wider than a phone and without links: focusable, so that the keyboard can scroll it.
          <div class="table-wrap" tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.when}</th>
                  <th scope="col">{t.who}</th>
                  <th scope="col">{t.what}</th>
                </tr>
              </thead>
              <tbody>
                {view.reads.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDateTime(r.read_at, ctx.locale, view.zone)}</td>
                    <td>{r.reader_name}</td>
                    <td>{[t.actions[r.action] ?? r.action, r.kind, r.record_id, r.detail === 'all' ? t.everything : r.detail].filter(Boolean).join(' · ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </AdminLayout>
  );
}

function EntriesTable({ ctx, entries }: { ctx: AdminContext; entries: ArchivedEntryView[] }) {
  const t = texts[ctx.locale];
  if (entries.length === 0) return <p>{t.none}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t.record}</th>
            <th scope="col">{t.customerCol}</th>
            <th scope="col">{t.archivedAt}</th>
            <th scope="col">{t.keepUntil}</th>
            <th scope="col">{t.ground}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={`${e.kind}/${e.recordId}`}>
              <td>
                <a href={adminPaths.archive(e.kind, e.recordId)} aria-label={t.open(e.kind, e.recordId)}>
                  {e.kind} {e.recordId}
                </a>
              </td>
              <td>{e.customerId ?? t.noCustomer}</td>
              <td>{formatCalendarDate(e.archivedAt.slice(0, 10), ctx.locale)}</td>
              <td>{formatCalendarDate(e.keepUntil, ctx.locale)}</td>
              <td>{e.ground[ctx.locale]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ArchiveEntryPage({ ctx, entry }: { ctx: AdminContext; entry: ArchivedEntryView & { record: unknown } }) {
  const t = texts[ctx.locale];
  const title = `${entry.kind} ${entry.recordId}`;
  return (
    <AdminLayout ctx={ctx} title={`${title} · ${t.title}`} current={adminPaths.archives}>
      <p>
        <a href={adminPaths.archives}>{t.back}</a>
      </p>
      <h1>{title}</h1>
      <dl class="summary-list">
        <dt>{t.customerCol}</dt>
        <dd>{entry.customerId ?? t.noCustomer}</dd>
        <dt>{t.archivedAt}</dt>
        <dd>{formatCalendarDate(entry.archivedAt.slice(0, 10), ctx.locale)}</dd>
        <dt>{t.keepUntil}</dt>
        <dd>{formatCalendarDate(entry.keepUntil, ctx.locale)}</dd>
        <dt>{t.ground}</dt>
        <dd>{entry.ground[ctx.locale]}</dd>
      </dl>
      {entry.files.length > 0 ? (
        <section aria-labelledby="files-title">
          <h2 id="files-title">{t.files}</h2>
          <ul>
            {entry.files.map((f) => (
              <li key={f.name}>
                <a href={adminPaths.archiveFile(entry.kind, entry.recordId, f.name)} aria-label={t.download(f.name)}>
                  {f.name}
                </a>{' '}
                ({t.size(f.size)}, SHA-256 <code>{f.sha256}</code>)
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="content-title">
        <h2 id="content-title">{t.content}</h2>
        <pre class="archive-record" tabIndex={0}>{JSON.stringify(entry.record, null, 2)}</pre>
      </section>
    </AdminLayout>
  );
}

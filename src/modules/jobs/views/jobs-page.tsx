import { adminPaths } from '../../../platform/http/paths.js';
import { formatDateTime } from '../../../platform/i18n/format.js';
import type { Localized } from '../../../platform/i18n/locale.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { Pager, StatusFilter } from '../../../platform/views/status-list.js';
import type { Job, JobStatus } from '../jobs.model.js';

const texts = {
  fr: {
    title: 'Tâches',
    intro:
      'Le site fait ici son travail de fond\u00a0: l’envoi des courriels, les rappels de rendez-vous, la décision des séances et l’effacement des données arrivées au terme de leur conservation. Une tâche qui échoue est retentée, de plus en plus espacée\u00a0; après sa dernière tentative, elle est «\u00a0en échec\u00a0» et attend que vous la relanciez.',
    deadWarning: (n: number) => (n === 1 ? '1 tâche est en échec et attend une relance.' : `${n} tâches sont en échec et attendent une relance.`),
    status: { pending: 'À venir', done: 'Faite', cancelled: 'Annulée', dead: 'En échec' } as Record<JobStatus, string>,
    all: 'Toutes',
    filter: 'Filtrer par état',
    due: 'Prévue le',
    finished: 'Terminée le',
    gaveUp: 'Abandonnée le',
    attempts: (n: number) => (n < 2 ? `${n}\u00a0tentative` : `${n}\u00a0tentatives`),
    lastError: 'Dernière erreur\u00a0:',
    none: 'Aucune tâche.',
    retry: 'Relancer',
    next: 'Page suivante',
    previous: 'Page précédente',
  },
  en: {
    title: 'Jobs',
    intro:
      'The site does its background work here: sending e-mails, appointment reminders, session decisions and deleting data whose retention period has ended. A failing job is retried, further and further apart; after its last attempt it is "failed" and waits for you to retry it.',
    deadWarning: (n: number) => (n === 1 ? '1 job has failed and waits for a retry.' : `${n} jobs have failed and wait for a retry.`),
    status: { pending: 'Upcoming', done: 'Done', cancelled: 'Cancelled', dead: 'Failed' } as Record<JobStatus, string>,
    all: 'All',
    filter: 'Filter by status',
    due: 'Due',
    finished: 'Finished',
    gaveUp: 'Given up on',
    attempts: (n: number) => (n === 1 ? '1 attempt' : `${n} attempts`),
    lastError: 'Last error:',
    none: 'No job.',
    retry: 'Retry',
    next: 'Next page',
    previous: 'Previous page',
  },
};

export function JobsPage(props: {
  ctx: AdminContext;
  jobs: (Job & { label: Localized | undefined })[];
  counts: Record<JobStatus, number>;
  status: JobStatus | undefined;
  page: number;
  hasNext: boolean;
}) {
  const { ctx, jobs, counts, status, page, hasNext } = props;
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  const link = (s: JobStatus | undefined, p = 1) => `${adminPaths.jobs}?${new URLSearchParams({ ...(s ? { etat: s } : {}), ...(p > 1 ? { page: String(p) } : {}) })}`;
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.jobs}>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {counts.dead > 0 ? (
        <p class="notice notice--warning" role="status">
          <a href={link('dead')}>{t.deadWarning(counts.dead)}</a>
        </p>
      ) : null}
      <StatusFilter label={t.filter} allLabel={t.all} labels={t.status} counts={counts} current={status} link={(s) => link(s)} />
      {jobs.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        // A list of cards rather than a table: each job's error and button stay readable on a phone.
        <ul class="card-list">
          {jobs.map((job) => (
            <li key={job.id} class="card job">
              <p class="job__head">
                <strong>{job.label?.[ctx.locale] ?? job.kind}</strong> <span class={`badge badge--${job.status}`}>{t.status[job.status]}</span>
              </p>
              <p class="muted">
                {job.status === 'pending' ? t.due : job.status === 'dead' ? t.gaveUp : t.finished} {formatDateTime(job.finishedAt ?? job.runAt, ctx.locale, zone)} · {t.attempts(job.attempts)}
              </p>
              {job.lastError ? (
                <p>
                  {t.lastError} <code>{job.lastError}</code>
                </p>
              ) : null}
              {job.status === 'dead' ? (
                <form method="post" action={adminPaths.jobRetry(job.id)}>
                  <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                  <button type="submit" class="button">
                    {t.retry}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} hasNext={hasNext} link={(p) => link(status, p)} previousLabel={t.previous} nextLabel={t.next} />
    </AdminLayout>
  );
}

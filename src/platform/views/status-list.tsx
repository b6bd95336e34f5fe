/**
 * The navigation of a back-office list filtered by status and split into pages (the e-mails,
 * the jobs): « Tous / En attente (3) / … » above, « Page précédente / Page suivante » below.
 */

export function StatusFilter<S extends string>(props: {
  label: string;
  allLabel: string;
  labels: Record<S, string>;
  counts: Record<S, number>;
  current: S | undefined;
  link: (status: S | undefined) => string;
}) {
  const { label, allLabel, labels, counts, current, link } = props;
  return (
    <nav aria-label={label} class="filter-bar">
      <a href={link(undefined)} aria-current={current === undefined ? 'page' : undefined}>
        {allLabel}
      </a>
      {(Object.keys(labels) as S[]).map((s) => (
        <a key={s} href={link(s)} aria-current={current === s ? 'page' : undefined}>
          {labels[s]} ({counts[s]})
        </a>
      ))}
    </nav>
  );
}

export function Pager(props: { page: number; hasNext: boolean; link: (page: number) => string; previousLabel: string; nextLabel: string }) {
  const { page, hasNext, link } = props;
  return (
    <nav class="pager" aria-label="Pagination">
      {page > 1 ? <a href={link(page - 1)}>{props.previousLabel}</a> : null}
      {hasNext ? <a href={link(page + 1)}>{props.nextLabel}</a> : null}
    </nav>
  );
}

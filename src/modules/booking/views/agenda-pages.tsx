import type { ComponentChildren } from 'preact';
import { adminPaths } from '../../../platform/http/paths.js';
import { clockText } from '../../../ui/clock-text.js';
import { formatPhone } from '../../../platform/i18n/phone.js';
import { formatCalendarDate, formatDateTime, formatDayLabel, formatPrice, formatTime } from '../../../platform/i18n/format.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { ErrorSummary, SelectField, TextArea, TextField } from '../../../ui/form.js';
import { closurePeriod, type Closure } from '../../catalog/index.js';
import { ROW_MINUTES, type AgendaCell, type AgendaEntry, type AgendaGrid, type AgendaGroup } from '../agenda.js';
import { customerDisplayName, type Attendance, type Booking } from '../booking.model.js';
import { PaymentBadge } from '../../payments/index.js';

const NBSP = '\u00a0';

const texts = {
  fr: {
    agenda: 'Agenda',
    dashboard: 'Tableau de bord',
    today: 'Aujourd’hui',
    day: 'Jour',
    week: 'Semaine',
    view: 'Vue',
    previousDay: 'Jour précédent',
    nextDay: 'Jour suivant',
    previousWeek: 'Semaine précédente',
    nextWeek: 'Semaine suivante',
    navigate: 'Naviguer dans l’agenda',
    goTo: 'Aller au',
    show: 'Afficher',
    weekOf: (from: string, to: string) => `Semaine du ${from} au ${to}`,
    hour: 'Heure',
    legend: 'Les zones hachurées sont fermées\u00a0: hors des horaires d’ouverture ou pendant une fermeture.',
    closed: (from: string, to: string) => `Hors des horaires d’ouverture, de ${from} à ${to}`,
    closure: (label: string) => `Fermeture${label ? ` (${label})` : ''}`,
    free: (from: string, to: string) => `Libre de ${from} à ${to}`,
    closedDay: 'Fermé ce jour-là.',
    openHours: (hours: string) => `Ouvert ${hours}`,
    closedBy: (period: string, label: string) => `Fermeture ${period}${label ? ` (${label})` : ''}`,
    noBooking: 'Aucune réservation.',
    taken: (n: number, c: number) => `${n}${NBSP}place${n > 1 ? 's' : ''} prise${n > 1 ? 's' : ''} sur ${c}`,
    nobodyYet: 'Séance programmée, personne n’est encore inscrit.',
    attendance: { honoured: 'effectuée', no_show: 'absent' } as Record<Attendance, string>,
    awaitingPayment: 'En attente de paiement',
    collect: 'Encaisser',
    collectLabel: (name: string) => `Encaisser le paiement de ${name}`,
    markHonoured: 'Effectuée',
    markNoShow: 'Absent',
    markFor: (name: string) => `Présence de ${name}`,
    next: 'À venir',
    openAgenda: 'Ouvrir l’agenda',
    noNext: 'Aucune réservation à venir.',
    feedTitle: 'Vos réservations dans l’agenda de votre téléphone',
    feedIntro:
      'Abonnez l’agenda de votre téléphone ou de votre ordinateur (Google Agenda, Apple Calendrier, Outlook…) à cette adresse privée\u00a0: vos réservations y apparaissent avec le nom, le téléphone et le lieu, et se mettent à jour toutes seules.',
    feedUrl: 'Adresse privée de l’abonnement (à copier)',
    feedSubscribe: 'S’abonner depuis cet appareil',
    feedWarning: 'Quiconque connaît cette adresse voit vos réservations. Si elle a pu être vue par quelqu’un d’autre, générez-en une nouvelle\u00a0: l’ancienne cessera aussitôt de fonctionner.',
    feedRenew: 'Générer une nouvelle adresse',
    feedRenewed: 'Nouvelle adresse générée. L’ancienne ne fonctionne plus\u00a0: abonnez votre agenda à celle-ci.',
    errors: 'Corrigez les points suivants',
    coveredTitle: 'Réservations concernées par la fermeture',
    coveredIntro: (period: string) => `La fermeture ${period} est enregistrée\u00a0: aucun créneau n’y sera plus proposé.`,
    coveredNone: 'Aucune réservation n’est concernée.',
    coveredSome: (n: number) => `${n}${NBSP}réservation${n > 1 ? 's' : ''} tombe${n > 1 ? 'nt' : ''} pendant cette fermeture. Déplacez ou annulez chacune\u00a0: le client est prévenu par e-mail.`,
    move: 'Déplacer',
    cancel: 'Annuler',
    backToClosures: 'Retour aux fermetures',
    cancelTitle: 'Annuler cette réservation\u00a0?',
    cancelText: (what: string) => `${what}. Le client sera prévenu par e-mail, avec le motif s’il est indiqué.`,
    reason: 'Motif (facultatif, envoyé au client)',
    confirmCancel: 'Oui, annuler la réservation',
    keep: 'Non, la garder',
    closureReason: (label: string) => `Fermeture${label ? `${NBSP}: ${label}` : ''}`,
    refused: 'Modification impossible',
    back: 'Retour',
  },
  en: {
    agenda: 'Agenda',
    dashboard: 'Dashboard',
    today: 'Today',
    day: 'Day',
    week: 'Week',
    view: 'View',
    previousDay: 'Previous day',
    nextDay: 'Next day',
    previousWeek: 'Previous week',
    nextWeek: 'Next week',
    navigate: 'Move through the agenda',
    goTo: 'Go to',
    show: 'Show',
    weekOf: (from: string, to: string) => `Week from ${from} to ${to}`,
    hour: 'Time',
    legend: 'Hatched areas are closed: outside opening hours or during a closure.',
    closed: (from: string, to: string) => `Outside opening hours, from ${from} to ${to}`,
    closure: (label: string) => `Closure${label ? ` (${label})` : ''}`,
    free: (from: string, to: string) => `Free from ${from} to ${to}`,
    closedDay: 'Closed that day.',
    openHours: (hours: string) => `Open ${hours}`,
    closedBy: (period: string, label: string) => `Closure ${period}${label ? ` (${label})` : ''}`,
    noBooking: 'No booking.',
    taken: (n: number, c: number) => `${n} place${n > 1 ? 's' : ''} taken out of ${c}`,
    nobodyYet: 'Session scheduled; nobody has booked yet.',
    attendance: { honoured: 'took place', no_show: 'did not come' } as Record<Attendance, string>,
    awaitingPayment: 'Awaiting payment',
    collect: 'Record payment',
    collectLabel: (name: string) => `Record the payment of ${name}`,
    markHonoured: 'Took place',
    markNoShow: 'Did not come',
    markFor: (name: string) => `Attendance of ${name}`,
    next: 'Coming next',
    openAgenda: 'Open the agenda',
    noNext: 'No upcoming booking.',
    feedTitle: 'Your bookings in your phone’s calendar',
    feedIntro:
      'Subscribe your phone’s or computer’s calendar (Google Calendar, Apple Calendar, Outlook…) to this private address: your bookings appear there with the name, phone and place, and stay up to date.',
    feedUrl: 'Private subscription address (to copy)',
    feedSubscribe: 'Subscribe from this device',
    feedWarning: 'Anyone who knows this address sees your bookings. If someone else may have seen it, make a new one: the old one stops working at once.',
    feedRenew: 'Make a new address',
    feedRenewed: 'New address made. The old one no longer works: subscribe your calendar to this one.',
    errors: 'Please fix the following',
    coveredTitle: 'Bookings the closure covers',
    coveredIntro: (period: string) => `The closure ${period} is saved: no slot will be offered during it.`,
    coveredNone: 'No booking is affected.',
    coveredSome: (n: number) => `${n} booking${n > 1 ? 's fall' : ' falls'} during this closure. Move or cancel each: the customer is told by e-mail.`,
    move: 'Move',
    cancel: 'Cancel',
    backToClosures: 'Back to closures',
    cancelTitle: 'Cancel this booking?',
    cancelText: (what: string) => `${what}. The customer will be told by e-mail, with the reason if given.`,
    reason: 'Reason (optional, sent to the customer)',
    confirmCancel: 'Yes, cancel the booking',
    keep: 'No, keep it',
    closureReason: (label: string) => `Closure${label ? `: ${label}` : ''}`,
    refused: 'This change cannot be made',
    back: 'Back',
  },
};

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function dayTitle(date: string, locale: Locale): string {
  return capitalize(formatCalendarDate(date, locale));
}

/** One booking, or a group session with its places taken: time, service, each customer with phone, place. */
function GroupCard({ ctx, group, now, back }: { ctx: AdminContext; group: AgendaGroup; now: number; back: string }) {
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  const places = [...new Set(group.entries.map((e) => e.place))];
  const attended = group.entries.every((e) => e.booking.attendance);
  return (
    <div class={`agenda-booking${attended ? ' agenda-booking--done' : ''}`}>
      <p class="agenda-booking__head">
        <span class="agenda-booking__time">
          {formatTime(group.start, ctx.locale, zone)}–{formatTime(group.end, ctx.locale, zone)}
        </span>{' '}
        <span class="agenda-booking__service">{group.service?.name[ctx.locale] ?? '—'}</span>
        {group.capacity > 1 ? (
          <>
            {' '}
            <span class="agenda-count">
              <span aria-hidden="true">
                {group.placesTaken}/{group.capacity}
              </span>
              <span class="visually-hidden">{t.taken(group.placesTaken, group.capacity)}</span>
            </span>
          </>
        ) : null}
      </p>
      {group.entries.length === 0 ? (
        <p class="agenda-booking__people">{t.nobodyYet}</p>
      ) : (
        <ul class="agenda-booking__people">
          {group.entries.map((e) => (
            <EntryLine key={e.booking.id} ctx={ctx} entry={e} now={now} back={back} />
          ))}
        </ul>
      )}
      {places.map((p) => (
        <p key={p} class="agenda-booking__place">
          {p}
        </p>
      ))}
    </div>
  );
}

function EntryLine({ ctx, entry, now, back }: { ctx: AdminContext; entry: AgendaEntry; now: number; back: string }) {
  const t = texts[ctx.locale];
  const { booking } = entry;
  const name = customerDisplayName(booking.customer);
  const started = Date.parse(booking.start) <= now;
  return (
    <li>
      <a href={adminPaths.booking(booking.id)}>{name}</a>
      {booking.awaitingPayment ? (
        <>
          {' '}
          <span class="badge badge--pending">{t.awaitingPayment}</span>
        </>
      ) : entry.payment && entry.payment !== 'free' ? (
        <>
          {' '}
          <PaymentBadge status={entry.payment} locale={ctx.locale} />
          {(entry.payment === 'unpaid' || entry.payment === 'partly_paid') && booking.status === 'confirmed' ? (
            <>
              {' '}
              {/* Money taken on site is recorded from the agenda in one tap: the booking's payment form. */}
              <a href={`${adminPaths.booking(booking.id)}#paiements`} aria-label={t.collectLabel(name)}>
                {t.collect}
              </a>
            </>
          ) : null}
        </>
      ) : null}
      {booking.customer.phone ? (
        <>
          {' · '}
          <a href={`tel:${booking.customer.phone}`}>{formatPhone(booking.customer.phone)}</a>
        </>
      ) : null}
      {booking.attendance ? (
        <>
          {' '}
          <span class={`badge badge--${booking.attendance === 'honoured' ? 'confirmed' : 'cancelled'}`}>{t.attendance[booking.attendance]}</span>
        </>
      ) : started ? (
        <AttendanceForm ctx={ctx} booking={booking} back={back} />
      ) : null}
    </li>
  );
}

/** « Effectuée » / « Absent »: two buttons of one small form, for a booking whose start is past. */
export function AttendanceForm({ ctx, booking, back }: { ctx: AdminContext; booking: Booking; back: string }) {
  const t = texts[ctx.locale];
  return (
    <form method="post" action={adminPaths.bookingAttendance(booking.id)} class="inline-form agenda-attendance" aria-label={t.markFor(customerDisplayName(booking.customer))}>
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      <input type="hidden" name="retour" value={back} />
      <button type="submit" name="attendance" value="honoured" class="link-button">
        {t.markHonoured}
      </button>{' '}
      <button type="submit" name="attendance" value="no_show" class="link-button">
        {t.markNoShow}
      </button>
    </form>
  );
}

function Cell({ ctx, cell, now, back }: { ctx: AdminContext; cell: AgendaCell; now: number; back: string }) {
  const t = texts[ctx.locale];
  if (cell.kind === 'bookings') {
    return (
      <td rowSpan={cell.rowSpan} class="agenda-slot agenda-slot--booked">
        {cell.groups.map((g) => (
          <GroupCard key={g.start + (g.service?.id ?? '')} ctx={ctx} group={g} now={now} back={back} />
        ))}
      </td>
    );
  }
  if (cell.kind === 'closure') {
    return (
      <td rowSpan={cell.rowSpan} class="agenda-slot agenda-slot--closure">
        <span class="agenda-slot__label">{t.closure(cell.closure?.label ?? '')}</span>
      </td>
    );
  }
  if (cell.kind === 'closed') {
    return (
      <td rowSpan={cell.rowSpan} class="agenda-slot agenda-slot--closed">
        <span class="visually-hidden">{t.closed(clockText(cell.from, ctx.locale), clockText(cell.to, ctx.locale))}</span>
      </td>
    );
  }
  return (
    <td rowSpan={cell.rowSpan} class="agenda-slot">
      <span class="visually-hidden">{t.free(clockText(cell.from, ctx.locale), clockText(cell.to, ctx.locale))}</span>
    </td>
  );
}

/** The time grid: hours down, days across. Rows are quarter hours; each hour is labelled. */
export function AgendaTable({ ctx, grid, caption, now, back }: { ctx: AdminContext; grid: AgendaGrid; caption: string; now: number; back: string }) {
  const t = texts[ctx.locale];
  const rowsPerHour = 60 / ROW_MINUTES;
  return (
    <div class="agenda-grid-wrap">
      <table class={`agenda-table agenda-table--${grid.days.length > 1 ? 'week' : 'day'}`}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="agenda-hour">
              {t.hour}
            </th>
            {grid.days.map((d) => {
              const label = formatDayLabel(d.date, ctx.locale);
              return (
                <th key={d.date} scope="col" class={d.isToday ? 'agenda-day agenda-day--today' : 'agenda-day'}>
                  <a href={`${adminPaths.agenda}?date=${d.date}&vue=jour`}>
                    {capitalize(label.weekday)} {label.label}
                  </a>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {grid.rows.map((time, r) => (
            <tr key={time} class={time.endsWith(':00') ? 'agenda-row agenda-row--hour' : 'agenda-row'}>
              {time.endsWith(':00') || r === 0 ? (
                <th scope="row" rowSpan={Math.min(rowsPerHour - Number(time.slice(3, 5)) / ROW_MINUTES, grid.rows.length - r)} class="agenda-hour">
                  {clockText(time, ctx.locale)}
                </th>
              ) : null}
              {grid.days.map((d) => {
                const cell = d.cells.get(r);
                return cell ? <Cell key={d.date} ctx={ctx} cell={cell} now={now} back={back} /> : null;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The same days as a list: what a phone shows for a week. */
export function AgendaList({ ctx, grid, now, back }: { ctx: AdminContext; grid: AgendaGrid; now: number; back: string }) {
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  return (
    <div class="agenda-list">
      {grid.days.map((d) => (
        <section key={d.date} class={d.isToday ? 'agenda-list__day agenda-list__day--today' : 'agenda-list__day'}>
          <h3>
            <a href={`${adminPaths.agenda}?date=${d.date}&vue=jour`}>{dayTitle(d.date, ctx.locale)}</a>
          </h3>
          <p class="muted">
            {d.opening.length === 0 ? t.closedDay : t.openHours(d.opening.map((o) => `${clockText(o.opensAt, ctx.locale)}–${clockText(o.closesAt, ctx.locale)}`).join(', '))}
          </p>
          {d.closures.map((c) => (
            <p key={c.id} class="agenda-list__closure">
              {t.closedBy(closurePeriod(c, ctx.locale, zone), c.label)}
            </p>
          ))}
          {d.groups.length === 0 ? (
            <p>{t.noBooking}</p>
          ) : (
            d.groups.map((g) => <GroupCard key={g.start + (g.service?.id ?? '')} ctx={ctx} group={g} now={now} back={back} />)
          )}
        </section>
      ))}
    </div>
  );
}

export interface AgendaPageProps {
  ctx: AdminContext;
  view: 'jour' | 'semaine';
  date: string;
  grid: AgendaGrid;
  now: number;
  nav: { previous: string; today: string; next: string; day: string; week: string };
  /** The private subscription address; undefined for staff (the section is then left out). */
  feedUrl: string | undefined;
  feedRenewed: boolean;
  error?: { field: string; message: string } | undefined;
}

export function AgendaPage(props: AgendaPageProps) {
  const { ctx, view, date, grid, nav } = props;
  const t = texts[ctx.locale];
  const first = grid.days[0]!.date;
  const last = grid.days.at(-1)!.date;
  const heading = view === 'jour' ? dayTitle(date, ctx.locale) : t.weekOf(formatCalendarDate(first, ctx.locale), formatCalendarDate(last, ctx.locale));
  const back = `${adminPaths.agenda}?date=${date}&vue=${view}`;
  const webcal = props.feedUrl?.replace(/^https?:\/\//, 'webcal://');
  return (
    <AdminLayout ctx={ctx} title={`${t.agenda} — ${heading}`} current={adminPaths.agenda}>
      <h1>{t.agenda}</h1>
      {props.error ? <ErrorSummary errors={{ [props.error.field]: props.error.message }} title={t.errors} /> : null}
      <div class="agenda-toolbar">
        <nav class="pager" aria-label={t.navigate}>
          <a href={nav.previous}>← {view === 'jour' ? t.previousDay : t.previousWeek}</a>
          <a href={nav.today}>{t.today}</a>
          <a href={nav.next}>{view === 'jour' ? t.nextDay : t.nextWeek} →</a>
        </nav>
        <p class="agenda-views">
          {t.view}
          {ctx.locale === 'fr' ? `${NBSP}: ` : ': '}
          <a href={nav.day} aria-current={view === 'jour' ? 'page' : undefined}>
            {t.day}
          </a>
          {' · '}
          <a href={nav.week} aria-current={view === 'semaine' ? 'page' : undefined}>
            {t.week}
          </a>
        </p>
        <form method="get" action={adminPaths.agenda} class="agenda-date-form">
          <TextField name="date" type="date" label={t.goTo} value={date} error={props.error?.field === 'date' ? props.error.message : undefined} />
          <input type="hidden" name="vue" value={view} />
          <button type="submit" class="button button--secondary">
            {t.show}
          </button>
        </form>
      </div>
      <h2>{heading}</h2>
      <p class="muted agenda-legend">{t.legend}</p>
      <div class={`agenda agenda--${view === 'jour' ? 'day' : 'week'}`}>
        <AgendaTable ctx={ctx} grid={grid} caption={heading} now={props.now} back={back} />
        {view === 'semaine' ? <AgendaList ctx={ctx} grid={grid} now={props.now} back={back} /> : null}
      </div>

      {props.feedUrl ? (
      <section class="card agenda-feed" aria-labelledby="feed-heading">
        <h2 id="feed-heading">{t.feedTitle}</h2>
        {props.feedRenewed ? (
          <div class="notice notice--success" role="status">
            {t.feedRenewed}
          </div>
        ) : null}
        <p>{t.feedIntro}</p>
        <div class="field">
          <label for="feed-url">{t.feedUrl}</label>
          <input id="feed-url" type="text" readOnly value={props.feedUrl} class="agenda-feed__url" />
        </div>
        <p>
          <a href={webcal}>{t.feedSubscribe}</a>
        </p>
        <p class="muted">{t.feedWarning}</p>
        <form method="post" action={adminPaths.agendaFeedRenew}>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <input type="hidden" name="retour" value={back} />
          <button type="submit" class="button button--secondary">
            {t.feedRenew}
          </button>
        </form>
      </section>
      ) : null}
    </AdminLayout>
  );
}

/** « 2 demandes RGPD à traiter, dont 1 en retard et 1 à rendre sous 7 jours. » */
function privacyRequestsLine({ open, soon, overdue }: { open: number; soon: number; overdue: number }, fr: boolean): string {
  const parts = [overdue > 0 ? (fr ? `${overdue} en retard` : `${overdue} overdue`) : '', soon > 0 ? (fr ? `${soon} à rendre sous 7${NBSP}jours` : `${soon} due within 7 days`) : ''].filter(Boolean);
  const head = fr ? `${open} demande${open > 1 ? 's' : ''} RGPD à traiter` : `${open} data request${open > 1 ? 's' : ''} to deal with`;
  return parts.length ? `${head}${fr ? ', dont ' : ', '}${parts.join(fr ? ' et ' : ' and ')}.` : `${head}.`;
}

export function DashboardPage({
  ctx,
  date,
  grid,
  next,
  now,
  failedMails,
  deadJobs,
  toDeal,
  privacyRequests,
}: {
  ctx: AdminContext;
  date: string;
  grid: AgendaGrid;
  next: AgendaEntry[];
  now: number;
  /** Counts of what went wrong in the background; undefined for staff, who cannot open those pages. */
  failedMails: number | undefined;
  deadJobs: number | undefined;
  /** « À traiter »: the payments to follow up on (payments module's section), above the day. */
  toDeal?: ComponentChildren;
  /** Open rights requests (the owner's only): a line linking to them while any is open. */
  privacyRequests?: { open: number; soon: number; overdue: number } | undefined;
}) {
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  const fr = ctx.locale === 'fr';
  const mails = failedMails ?? 0;
  const jobs = deadJobs ?? 0;
  const failed = fr ? `${mails} courriel${mails > 1 ? 's' : ''} en échec${NBSP}: vérifiez la page Courriels.` : `${mails} e-mail${mails > 1 ? 's' : ''} failed: check the E-mails page.`;
  const dead = fr ? `${jobs} tâche${jobs > 1 ? 's' : ''} en échec${NBSP}: vérifiez la page Tâches.` : `${jobs} job${jobs > 1 ? 's' : ''} failed: check the Jobs page.`;
  return (
    <AdminLayout ctx={ctx} title={t.dashboard} current={adminPaths.dashboard}>
      <h1>{t.dashboard}</h1>
      {mails > 0 ? (
        <div class="notice notice--warning" role="alert">
          <a href={`${adminPaths.outbox}?etat=failed`}>{failed}</a>
        </div>
      ) : null}
      {/* A failed mail is a dead job too: the jobs' notice speaks of the others. */}
      {jobs > mails ? (
        <div class="notice notice--warning" role="alert">
          <a href={`${adminPaths.jobs}?etat=dead`}>{dead}</a>
        </div>
      ) : null}
      {privacyRequests && privacyRequests.open > 0 ? (
        <div class={`notice${privacyRequests.overdue + privacyRequests.soon > 0 ? ' notice--warning' : ''}`} data-privacy-requests={privacyRequests.open}>
          <a href={adminPaths.privacyRequests}>{privacyRequestsLine(privacyRequests, fr)}</a>
        </div>
      ) : null}
      {toDeal}
      <section aria-labelledby="today-heading">
        <h2 id="today-heading">
          {t.today} — {formatCalendarDate(date, ctx.locale)}
        </h2>
        <p>
          <a href={adminPaths.agenda}>{t.openAgenda}</a>
        </p>
        <div class="agenda agenda--day">
          <AgendaTable ctx={ctx} grid={grid} caption={`${t.today} — ${formatCalendarDate(date, ctx.locale)}`} now={now} back={adminPaths.dashboard} />
        </div>
      </section>
      <section aria-labelledby="next-heading">
        <h2 id="next-heading">{t.next}</h2>
        {next.length === 0 ? (
          <p>{t.noNext}</p>
        ) : (
          <ul class="plain-list agenda-next">
            {next.map((e) => (
              <li key={e.booking.id}>
                <a href={adminPaths.booking(e.booking.id)}>{formatDateTime(e.booking.start, ctx.locale, zone)}</a> — {e.service?.name[ctx.locale] ?? '—'} —{' '}
                {customerDisplayName(e.booking.customer)}
                {e.booking.customer.phone ? (
                  <>
                    {' · '}
                    <a href={`tel:${e.booking.customer.phone}`}>{formatPhone(e.booking.customer.phone)}</a>
                  </>
                ) : null}
                <br />
                <span class="muted">{e.place}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </AdminLayout>
  );
}

/** After a closure is added: the bookings it covers, each to move or cancel. */
export function ClosureBookingsPage({ ctx, closure, entries }: { ctx: AdminContext; closure: Closure; entries: AgendaEntry[] }) {
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  const period = closurePeriod(closure, ctx.locale, zone);
  const back = adminPaths.closureBookings(closure.id);
  return (
    <AdminLayout ctx={ctx} title={t.coveredTitle} current={adminPaths.closures}>
      <p>
        <a href={adminPaths.closures}>← {t.backToClosures}</a>
      </p>
      <h1>{t.coveredTitle}</h1>
      <p>{t.coveredIntro(closure.label ? `${period} (${closure.label})` : period)}</p>
      {entries.length === 0 ? (
        <p>{t.coveredNone}</p>
      ) : (
        <>
          <p>{t.coveredSome(entries.length)}</p>
          <ul class="plain-list covered-list">
            {entries.map((e) => (
              <li key={e.booking.id} class="card">
                <p>
                  <strong>{formatDateTime(e.booking.start, ctx.locale, zone)}</strong> — {e.service?.name[ctx.locale] ?? '—'} — {customerDisplayName(e.booking.customer)}
                  {e.booking.customer.phone ? (
                    <>
                      {' · '}
                      <a href={`tel:${e.booking.customer.phone}`}>{formatPhone(e.booking.customer.phone)}</a>
                    </>
                  ) : null}
                </p>
                <p>
                  <a class="button button--secondary" href={adminPaths.booking(e.booking.id)}>
                    {t.move}
                  </a>{' '}
                  <a
                    class="button button--danger"
                    href={`${adminPaths.bookingCancel(e.booking.id)}?${new URLSearchParams({ motif: t.closureReason(closure.label), retour: back }).toString()}`}
                  >
                    {t.cancel}
                  </a>
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </AdminLayout>
  );
}

/** The confirmation a cancellation asks for (a page, so that it works without JavaScript). */
/** What the cancel form needs to say about giving money back: what was paid, and what the terms promised. */
export interface CancelRefundInfo {
  paidCents: number;
  currency: string;
  /** The customer could still cancel online for free (before the service's cut-off). */
  beforeCutoff: boolean;
  cutoffHours: number;
  /** The 14-day withdrawal period is still open for this booking. */
  withdrawalOpen: boolean;
  earlyPerformanceRequested: boolean;
}

const refundTexts = {
  fr: {
    legend: 'Remboursement',
    paid: (amount: string) => `Le client a payé ${amount}.`,
    cause: 'Pourquoi la réservation est-elle annulée\u00a0?',
    business: 'L’entreprise annule\u00a0: tout est remboursé',
    customerRequest: 'Le client demande l’annulation',
    withdrawal: 'Rétractation (14\u00a0jours)',
    beforeCutoff: (hours: number) => `Les conditions générales promettent l’annulation gratuite jusqu’à ${hours}\u00a0h avant le début, et cette limite n’est pas passée\u00a0: à la demande du client, tout lui est remboursé.`,
    afterCutoff: (hours: number) =>
      `Les conditions générales promettent l’annulation gratuite jusqu’à ${hours}\u00a0h avant le début\u00a0; cette limite est passée\u00a0: si le client demande l’annulation, vous choisissez ce qui lui est rendu.`,
    choice: 'Si le client demande l’annulation, rendre',
    full: 'tout ce qu’il a payé',
    amount: 'le montant ci-dessous',
    none: 'rien',
    refundAmount: 'Montant à rendre (en euros)',
    withdrawalNote: (early: boolean) =>
      early
        ? 'Rétractation\u00a0: tout est remboursé, moins la part de la prestation déjà exécutée à la demande du client.'
        : 'Rétractation\u00a0: le client n’a pas demandé que la prestation commence avant la fin du délai, tout lui est remboursé.',
    performedAmount: 'Part déjà exécutée à la demande du client (en euros)',
  },
  en: {
    legend: 'Refund',
    paid: (amount: string) => `The customer paid ${amount}.`,
    cause: 'Why is the booking cancelled?',
    business: 'The business cancels: everything is refunded',
    customerRequest: 'The customer asks to cancel',
    withdrawal: 'Withdrawal (14 days)',
    beforeCutoff: (hours: number) => `The terms promise free cancellation until ${hours} h before the start, and that limit has not passed: at the customer’s request, everything is refunded.`,
    afterCutoff: (hours: number) => `The terms promise free cancellation until ${hours} h before the start; that limit has passed: if the customer asks to cancel, you choose what is given back.`,
    choice: 'If the customer asks to cancel, give back',
    full: 'everything they paid',
    amount: 'the amount below',
    none: 'nothing',
    refundAmount: 'Amount to give back (in euros)',
    withdrawalNote: (early: boolean) =>
      early
        ? 'Withdrawal: everything is refunded, less the part of the service already performed at the customer’s request.'
        : 'Withdrawal: the customer did not ask for the service to start before the period ends; everything is refunded.',
    performedAmount: 'Part already performed at the customer’s request (in euros)',
  },
};

function RefundFields({ locale, refund, values, errors }: { locale: Locale; refund: CancelRefundInfo; values: Record<string, string>; errors: Record<string, string> }) {
  const t = refundTexts[locale];
  const paid = formatPrice(refund.paidCents, refund.currency, locale);
  return (
    <fieldset>
      <legend>{t.legend}</legend>
      <p>{t.paid(paid)}</p>
      <SelectField
        name="refundCause"
        label={t.cause}
        value={values.refundCause ?? 'business'}
        error={errors.refundCause}
        options={[
          { value: 'business', label: `${t.business} (${paid})` },
          { value: 'customer_request', label: t.customerRequest },
          ...(refund.withdrawalOpen ? [{ value: 'withdrawal', label: t.withdrawal }] : []),
        ]}
      />
      {refund.beforeCutoff ? (
        <p>{t.beforeCutoff(refund.cutoffHours)}</p>
      ) : (
        <>
          <p>{t.afterCutoff(refund.cutoffHours)}</p>
          <SelectField
            name="refundChoice"
            label={t.choice}
            value={values.refundChoice ?? 'full'}
            error={errors.refundChoice}
            options={[
              { value: 'full', label: `${t.full} (${paid})` },
              { value: 'amount', label: t.amount },
              { value: 'none', label: t.none },
            ]}
          />
          <TextField name="refundAmount" label={t.refundAmount} value={values.refundAmount} error={errors.refundAmount} inputMode="decimal" size="short" />
        </>
      )}
      {refund.withdrawalOpen ? (
        <>
          <p>{t.withdrawalNote(refund.earlyPerformanceRequested)}</p>
          {refund.earlyPerformanceRequested ? <TextField name="performedAmount" label={t.performedAmount} value={values.performedAmount} error={errors.performedAmount} inputMode="decimal" size="short" /> : null}
        </>
      ) : null}
    </fieldset>
  );
}

export function CancelConfirmPage({
  ctx,
  booking,
  serviceName,
  reason,
  back,
  error,
  refund,
  values = {},
  errors = {},
}: {
  ctx: AdminContext;
  booking: Booking;
  serviceName: string;
  reason: string;
  back: string;
  error?: string | undefined;
  refund?: CancelRefundInfo | undefined;
  values?: Record<string, string>;
  errors?: Record<string, string>;
}) {
  const t = texts[ctx.locale];
  const what = `${serviceName} — ${customerDisplayName(booking.customer)} — ${formatDateTime(booking.start, ctx.locale, ctx.business.timezone)}`;
  const allErrors = { ...(error ? { reason: error } : {}), ...errors };
  return (
    <AdminLayout ctx={ctx} title={t.cancelTitle} current={adminPaths.bookings}>
      <h1>{t.cancelTitle}</h1>
      {Object.keys(allErrors).length ? <ErrorSummary errors={allErrors} title={t.errors} /> : null}
      <p>{t.cancelText(what)}</p>
      <form method="post" action={adminPaths.bookingCancel(booking.id)}>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <input type="hidden" name="retour" value={back} />
        <TextArea name="reason" label={t.reason} rows={2} value={reason} error={allErrors.reason} />
        {refund && refund.paidCents > 0 ? <RefundFields locale={ctx.locale} refund={refund} values={values} errors={errors} /> : null}
        <button type="submit" class="button button--danger">
          {t.confirmCancel}
        </button>{' '}
        <a href={back}>{t.keep}</a>
      </form>
    </AdminLayout>
  );
}

/** A change the owner asked for that cannot be made, with the reason and a way back. */
export function RefusedPage({ ctx, message, back }: { ctx: AdminContext; message: string; back: string }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.refused} current={adminPaths.bookings}>
      <h1>{t.refused}</h1>
      <div class="notice notice--warning" role="alert">
        {message}
      </div>
      <p>
        <a href={back}>← {t.back}</a>
      </p>
    </AdminLayout>
  );
}

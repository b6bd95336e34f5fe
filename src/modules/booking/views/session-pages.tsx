import { adminPaths } from '../../../platform/http/paths.js';
import { formatDateTime } from '../../../platform/i18n/format.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { ErrorSummary, Notice, TextArea, TextField, type Errors } from '../../../ui/form.js';
import type { Service, Session } from '../../catalog/index.js';
import { customerDisplayName, type Booking } from '../booking.model.js';

const texts = {
  fr: {
    sessions: (service: string) => `Séances\u00a0: ${service}`,
    session: (when: string) => `Séance du ${when}`,
    backToService: 'Fiche de la prestation',
    backToSessions: 'Toutes les séances de la prestation',
    notSessions: 'Cette prestation se réserve aux heures d’ouverture. Pour la proposer seulement à des séances, choisissez «\u00a0Par séances\u00a0» dans sa fiche.',
    none: 'Aucune séance programmée.',
    when: 'Date',
    places: 'Places',
    booked: (booked: number, places: number) => `${booked}/${places}`,
    minimum: 'Minimum',
    decision: 'Décision',
    state: 'État',
    status: { scheduled: 'Programmée', confirmed: 'Confirmée (minimum atteint)', cancelled: 'Annulée' } as Record<Session['status'], string>,
    manage: 'Gérer',
    add: 'Programmer une séance',
    addHint: 'La séance dure la durée de la prestation. Avec un minimum de participants, elle est annulée automatiquement si le minimum n’est pas atteint à l’heure de décision, et chaque participant est prévenu par e-mail.',
    date: 'Date',
    time: 'Heure de début',
    timeHint: 'Par exemple 14:00 ou 14h30.',
    placesLabel: 'Nombre de places',
    minParticipants: 'Minimum de participants',
    optionalHint: 'Facultatif\u00a0; s’il est indiqué, la date et l’heure de décision le sont aussi.',
    decisionDate: 'Date de décision',
    decisionTime: 'Heure de décision',
    schedule: 'Programmer la séance',
    errors: 'La séance n’est pas enregistrée\u00a0: corrigez les points suivants',
    participants: 'Participants',
    noParticipants: 'Personne n’a encore réservé cette séance.',
    customer: 'Client',
    reference: 'Référence',
    changePlaces: 'Modifier le nombre de places',
    changePlacesHint: (booked: number) => `${booked}\u00a0place${booked > 1 ? 's' : ''} déjà réservée${booked > 1 ? 's' : ''}\u00a0: le nombre ne peut pas descendre en dessous.`,
    save: 'Enregistrer',
    cancelTitle: 'Annuler la séance',
    cancelHint: 'Toutes les réservations de la séance seront annulées et chaque participant prévenu par e-mail.',
    cancel: 'Annuler la séance…',
    confirmTitle: 'Confirmer l’annulation',
    confirmText: (n: number) =>
      n === 0
        ? 'Personne n’a réservé cette séance\u00a0: elle sera simplement retirée du site.'
        : `${n}\u00a0réservation${n > 1 ? 's' : ''} ser${n > 1 ? 'ont' : 'a'} annulée${n > 1 ? 's' : ''} et chaque participant prévenu par e-mail.`,
    reason: 'Motif communiqué aux participants (facultatif)',
    confirm: 'Oui, annuler la séance',
    keep: 'Non, garder la séance',
    cancelled: 'Cette séance est annulée.',
  },
  en: {
    sessions: (service: string) => `Sessions: ${service}`,
    session: (when: string) => `Session of ${when}`,
    backToService: 'Service page',
    backToSessions: 'All sessions of the service',
    notSessions: 'This service is booked during opening hours. To offer it only at sessions, choose "By sessions" on its page.',
    none: 'No session scheduled.',
    when: 'Date',
    places: 'Places',
    booked: (booked: number, places: number) => `${booked}/${places}`,
    minimum: 'Minimum',
    decision: 'Decision',
    state: 'State',
    status: { scheduled: 'Scheduled', confirmed: 'Confirmed (minimum reached)', cancelled: 'Cancelled' } as Record<Session['status'], string>,
    manage: 'Manage',
    add: 'Schedule a session',
    addHint: 'A session lasts the service’s duration. With a minimum of participants, it is cancelled automatically when the minimum is not reached at the decision time, and every participant is told by e-mail.',
    date: 'Date',
    time: 'Start time',
    timeHint: 'For example 14:00.',
    placesLabel: 'Number of places',
    minParticipants: 'Minimum of participants',
    optionalHint: 'Optional; when given, the decision date and time are needed too.',
    decisionDate: 'Decision date',
    decisionTime: 'Decision time',
    schedule: 'Schedule the session',
    errors: 'The session is not saved: please fix the following',
    participants: 'Participants',
    noParticipants: 'Nobody has booked this session yet.',
    customer: 'Customer',
    reference: 'Reference',
    changePlaces: 'Change the number of places',
    changePlacesHint: (booked: number) => `${booked} place${booked > 1 ? 's' : ''} already booked: the number cannot go below.`,
    save: 'Save',
    cancelTitle: 'Cancel the session',
    cancelHint: 'Every booking of the session will be cancelled and each participant told by e-mail.',
    cancel: 'Cancel the session…',
    confirmTitle: 'Confirm the cancellation',
    confirmText: (n: number) =>
      n === 0 ? 'Nobody has booked this session: it will simply be removed from the site.' : `${n} booking${n > 1 ? 's' : ''} will be cancelled and each participant told by e-mail.`,
    reason: 'Reason given to the participants (optional)',
    confirm: 'Yes, cancel the session',
    keep: 'No, keep the session',
    cancelled: 'This session is cancelled.',
  },
};

export interface SessionRow {
  session: Session;
  booked: number;
}

export function SessionsPage(props: { ctx: AdminContext; service: Service; rows: SessionRow[]; errors: Errors; values: Record<string, string> }) {
  const { ctx, service, rows, errors, values } = props;
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  const title = t.sessions(service.name[ctx.locale]);
  return (
    <AdminLayout ctx={ctx} title={title} current={adminPaths.services}>
      <p class="breadcrumb">
        <a href={adminPaths.service(service.id)}>← {t.backToService}</a>
      </p>
      <h1>{title}</h1>
      {service.scheduling !== 'sessions' ? <Notice kind="warning">{t.notSessions}</Notice> : null}
      {rows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.when}</th>
                <th scope="col">{t.places}</th>
                <th scope="col">{t.minimum}</th>
                <th scope="col">{t.decision}</th>
                <th scope="col">{t.state}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ session, booked }) => (
                <tr key={session.id}>
                  <td>
                    <a href={adminPaths.session(session.id)}>{formatDateTime(session.startsAt, ctx.locale, zone)}</a>
                  </td>
                  <td>{t.booked(booked, session.places)}</td>
                  <td>{session.minParticipants ?? '—'}</td>
                  <td>{session.decisionAt ? formatDateTime(session.decisionAt, ctx.locale, zone) : '—'}</td>
                  <td>{t.status[session.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {service.scheduling === 'sessions' ? (
        <section class="card" aria-labelledby="add-heading">
          <h2 id="add-heading">{t.add}</h2>
          <p class="muted">{t.addHint}</p>
          <ErrorSummary errors={errors} title={t.errors} />
          <form method="post" action={adminPaths.serviceSessions(service.id)} novalidate class="stack">
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <div class="grid-2">
              <TextField name="date" label={t.date} type="date" value={values.date} error={errors.date} required />
              <TextField name="time" label={t.time} hint={t.timeHint} value={values.time} error={errors.time} required maxLength={5} size="short" />
            </div>
            <TextField name="places" label={t.placesLabel} type="number" min={1} value={values.places ?? String(service.capacity)} error={errors.places} required inputMode="numeric" size="short" />
            <TextField
              name="minParticipants"
              label={t.minParticipants}
              hint={t.optionalHint}
              type="number"
              min={1}
              value={values.minParticipants}
              error={errors.minParticipants}
              inputMode="numeric"
              size="short"
            />
            <div class="grid-2">
              <TextField name="decisionDate" label={t.decisionDate} type="date" value={values.decisionDate} error={errors.decisionDate} />
              <TextField name="decisionTime" label={t.decisionTime} value={values.decisionTime} error={errors.decisionTime} maxLength={5} size="short" />
            </div>
            <p>
              <button type="submit" class="button button--primary">
                {t.schedule}
              </button>
            </p>
          </form>
        </section>
      ) : null}
    </AdminLayout>
  );
}

export function SessionPage(props: { ctx: AdminContext; service: Service; session: Session; booked: number; bookings: Booking[]; errors: Errors; values: Record<string, string> }) {
  const { ctx, service, session, booked, bookings, errors, values } = props;
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  const title = t.session(formatDateTime(session.startsAt, ctx.locale, zone));
  const open = session.status !== 'cancelled';
  return (
    <AdminLayout ctx={ctx} title={`${title} · ${service.name[ctx.locale]}`} current={adminPaths.services}>
      <p class="breadcrumb">
        <a href={adminPaths.serviceSessions(service.id)}>← {t.backToSessions}</a>
      </p>
      <h1>{title}</h1>
      <p>
        {service.name[ctx.locale]} · {t.places}{'\u00a0'}: {t.booked(booked, session.places)} · {t.status[session.status]}
      </p>
      {session.minParticipants !== null && session.decisionAt ? (
        <p class="muted">
          {t.minimum}{'\u00a0'}: {session.minParticipants} · {t.decision}{'\u00a0'}: {formatDateTime(session.decisionAt, ctx.locale, zone)}
        </p>
      ) : null}
      {!open ? <Notice kind="warning">{t.cancelled}</Notice> : null}
      <section aria-labelledby="participants-heading">
        <h2 id="participants-heading">{t.participants}</h2>
        {bookings.length === 0 ? (
          <p>{t.noParticipants}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.customer}</th>
                  <th scope="col">{t.places}</th>
                  <th scope="col">{t.reference}</th>
                </tr>
              </thead>
              <tbody>
                {bookings.map((b) => (
                  <tr key={b.id}>
                    <td>{customerDisplayName(b.customer)}</td>
                    <td>{b.quantity}</td>
                    <td>
                      <a href={adminPaths.booking(b.id)}>{b.reference}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {open ? (
        <div class="grid-2">
          <section class="card" aria-labelledby="places-heading">
            <h2 id="places-heading">{t.changePlaces}</h2>
            <form method="post" action={adminPaths.session(session.id)} novalidate class="stack">
              <input type="hidden" name="_csrf" value={ctx.csrfToken} />
              <TextField
                name="places"
                label={t.placesLabel}
                hint={t.changePlacesHint(booked)}
                type="number"
                min={Math.max(1, booked)}
                value={values.places ?? String(session.places)}
                error={errors.places}
                required
                inputMode="numeric"
                size="short"
              />
              <p>
                <button type="submit" class="button">
                  {t.save}
                </button>
              </p>
            </form>
          </section>
          <section class="card" aria-labelledby="cancel-heading">
            <h2 id="cancel-heading">{t.cancelTitle}</h2>
            <p class="muted">{t.cancelHint}</p>
            <p>
              <a class="button button--danger" href={adminPaths.sessionCancel(session.id)}>
                {t.cancel}
              </a>
            </p>
          </section>
        </div>
      ) : null}
    </AdminLayout>
  );
}

export function SessionCancelPage(props: { ctx: AdminContext; service: Service; session: Session; bookings: number; errors: Errors; values: Record<string, string> }) {
  const { ctx, service, session, errors } = props;
  const t = texts[ctx.locale];
  const title = t.session(formatDateTime(session.startsAt, ctx.locale, ctx.business.timezone));
  return (
    <AdminLayout ctx={ctx} title={`${t.confirmTitle} · ${title}`} current={adminPaths.services}>
      <h1>{t.confirmTitle}</h1>
      <p>
        <strong>{service.name[ctx.locale]}</strong> · {title}
      </p>
      <p>{t.confirmText(props.bookings)}</p>
      <form method="post" action={adminPaths.sessionCancel(session.id)} class="stack">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <TextArea name="reason" label={t.reason} rows={2} value={props.values.reason} error={errors.reason} />
        <p>
          <button type="submit" class="button button--danger">
            {t.confirm}
          </button>{' '}
          <a class="button" href={adminPaths.session(session.id)}>
            {t.keep}
          </a>
        </p>
      </form>
    </AdminLayout>
  );
}

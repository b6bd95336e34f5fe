import { formatCalendarDate, formatDateTime } from '../../../platform/i18n/format.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { clockText } from '../../../ui/clock-text.js';
import { ErrorSummary, TextField, type Errors } from '../../../ui/form.js';
import type { Service } from '../../catalog/index.js';
import type { Booking } from '../booking.model.js';

const texts = {
  fr: {
    title: 'Déplacer votre réservation',
    now: 'Actuellement',
    day: 'Jour',
    dayHint: 'Choisissez un jour, puis un horaire libre.',
    show: 'Voir les horaires',
    previous: 'Jour précédent',
    next: 'Jour suivant',
    days: 'Autres jours',
    free: (day: string) => `Horaires libres le ${day}`,
    none: 'Aucun horaire libre ce jour-là. Choisissez un autre jour.',
    choose: 'Choisissez le nouvel horaire',
    move: 'Déplacer à cet horaire',
    back: 'Garder l’horaire actuel et revenir à la réservation',
    laterFrom: (day: string) =>
      `En réservant, vous n’avez pas demandé que la prestation commence pendant votre délai de rétractation de 14\u00a0jours\u00a0: vous pouvez choisir une date à partir du ${day}.`,
    errors: 'Le déplacement n’a pas pu être fait',
  },
  en: {
    title: 'Move your booking',
    now: 'Currently',
    day: 'Day',
    dayHint: 'Choose a day, then a free time.',
    show: 'Show the times',
    previous: 'Previous day',
    next: 'Next day',
    days: 'Other days',
    free: (day: string) => `Free times on ${day}`,
    none: 'No free time that day. Please choose another day.',
    choose: 'Choose the new time',
    move: 'Move to this time',
    back: 'Keep the current time and go back to the booking',
    laterFrom: (day: string) => `When booking, you did not ask for the service to start within your 14-day withdrawal period: you may choose a date from ${day}.`,
    errors: 'The booking could not be moved',
  },
};

export interface MovePageProps {
  ctx: PageContext;
  booking: Booking;
  service: Service;
  /** The day shown and what can be chosen (the booking service's moveChoices). */
  choices: { day: string; firstDay: string; lastDay: string; previousDay: string | null; nextDay: string | null; starts: string[]; laterFrom: string | null };
  /** The page's own path: its GET shows another day (?jour=), its POST moves. */
  action: string;
  back: string;
  csrfToken?: string | undefined;
  errors: Errors;
}

/**
 * The day picker of a customer's move, without JavaScript: a date field and its button, the
 * previous and next days as links, the day's free times as radio buttons and one button to move.
 */
export function MovePage({ ctx, booking, service, choices, action, back, csrfToken, errors }: MovePageProps) {
  const { locale } = ctx;
  const t = texts[locale];
  const zone = ctx.business.timezone;
  const dayLabel = formatCalendarDate(choices.day, locale);
  return (
    <Layout ctx={ctx} title={t.title}>
      <h1>{t.title}</h1>
      <p>
        <strong>{service.name[locale]}</strong> — {t.now}{'\u00a0'}: {formatDateTime(booking.start, locale, zone)} ({booking.reference})
      </p>
      <ErrorSummary errors={errors.start ? { 'move-start': errors.start } : {}} title={t.errors} />
      {choices.laterFrom ? <p class="notice">{t.laterFrom(formatCalendarDate(choices.laterFrom, locale))}</p> : null}
      <form method="get" action={action} class="card">
        <TextField name="jour" id="f-move-day" type="date" label={t.day} hint={t.dayHint} value={choices.day} min={choices.firstDay} max={choices.lastDay} />
        <button type="submit" class="button button--secondary">
          {t.show}
        </button>
      </form>
      <nav aria-label={t.days} class="pager">
        {choices.previousDay ? (
          <a href={`${action}?jour=${choices.previousDay}`} rel="prev">
            ← {t.previous}
          </a>
        ) : (
          <span />
        )}
        {choices.nextDay ? (
          <a href={`${action}?jour=${choices.nextDay}`} rel="next">
            {t.next} →
          </a>
        ) : null}
      </nav>
      <section aria-labelledby="free-heading">
        <h2 id="free-heading">{t.free(dayLabel)}</h2>
        {choices.starts.length === 0 ? (
          <>
            {errors.start ? (
              <p class="field-error" id="f-move-start" tabIndex={-1}>
                {errors.start}
              </p>
            ) : null}
            <p>{t.none}</p>
          </>
        ) : (
          <form method="post" action={action} data-submit-once>
            {csrfToken ? <input type="hidden" name="_csrf" value={csrfToken} /> : null}
            <input type="hidden" name="jour" value={choices.day} />
            <fieldset id="f-move-start" aria-describedby={errors.start ? 'f-move-start-error' : undefined}>
              <legend>{t.choose}</legend>
              {errors.start ? (
                <p class="field-error" id="f-move-start-error">
                  {errors.start}
                </p>
              ) : null}
              <div class="radio-grid">
                {choices.starts.map((start, i) => (
                  <label key={start} class="radio">
                    <input type="radio" name="start" value={start} checked={i === 0} /> {clockText(start.slice(11, 16), locale)}
                  </label>
                ))}
              </div>
            </fieldset>
            <button type="submit" class="button">
              {t.move}
            </button>
          </form>
        )}
      </section>
      <p>
        <a href={back}>{t.back}</a>
      </p>
    </Layout>
  );
}

import { useRef, useState } from 'preact/hooks';
import { clockText, dateText } from '../../../ui/clock-text.js';

/**
 * Day → slot picker of the service page. On the server it renders plain links, which work
 * without JavaScript (each day is a page, each slot a link to the details form). In the
 * browser it fetches a day's slots from the JSON API instead of reloading the page.
 * Props are plain JSON; this file imports nothing from the server.
 */
export interface SlotPickerDay {
  date: string;
  weekday: string;
  label: string;
  count: number;
  href: string;
}

export interface SlotPickerSlot {
  start: string;
  label: string;
  remaining: number;
  href: string;
}

export interface SlotPickerProps {
  locale: 'fr' | 'en';
  zone: string;
  capacity: number;
  days: SlotPickerDay[];
  selectedDate: string | null;
  selectedLabel: string | null;
  slots: SlotPickerSlot[];
  slotsApi: string;
  formPath: string;
  previous: string | null;
  next: string | null;
}

const texts = {
  fr: {
    chooseDay: '1. Choisissez un jour',
    chooseTime: '2. Choisissez un horaire',
    none: 'Aucun créneau libre ce jour-là. Choisissez un autre jour.',
    noDay: 'Aucun jour n’a de créneau libre sur cette période. Essayez les semaines suivantes.',
    full: 'indisponible',
    free: (n: number) => `${n} créneau${n > 1 ? 'x' : ''}`,
    places: (n: number) => `${n} place${n > 1 ? 's' : ''}`,
    previous: 'Jours précédents',
    next: 'Jours suivants',
    loading: 'Chargement des créneaux…',
    failed: 'Les créneaux n’ont pas pu être chargés. Rechargez la page.',
    days: 'Jours',
  },
  en: {
    chooseDay: '1. Choose a day',
    chooseTime: '2. Choose a time',
    none: 'No free slot that day. Please choose another day.',
    noDay: 'No day has a free slot in this period. Try the following weeks.',
    full: 'unavailable',
    free: (n: number) => `${n} slot${n > 1 ? 's' : ''}`,
    places: (n: number) => `${n} place${n > 1 ? 's' : ''} left`,
    previous: 'Earlier days',
    next: 'Later days',
    loading: 'Loading slots…',
    failed: 'The slots could not be loaded. Please reload the page.',
    days: 'Days',
  },
};

export function SlotPicker(props: SlotPickerProps) {
  const t = texts[props.locale];
  const [selected, setSelected] = useState(props.selectedDate);
  const [selectedLabel, setSelectedLabel] = useState(props.selectedLabel);
  const [slots, setSlots] = useState(props.slots);
  const [state, setState] = useState<'idle' | 'loading' | 'failed'>('idle');
  // Answers may come back out of order: only the last day clicked may fill the list and the URL.
  const lastRequest = useRef(0);

  async function choose(day: SlotPickerDay, event: Event) {
    if (typeof fetch === 'undefined') return;
    event.preventDefault();
    const request = ++lastRequest.current;
    const intlLocale = props.locale === 'fr' ? 'fr-FR' : 'en-GB';
    setSelected(day.date);
    // The same long date and times as the page the server renders for this day (platform/i18n/format.ts).
    setSelectedLabel(
      dateText(new Intl.DateTimeFormat(intlLocale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }), new Date(`${day.date}T12:00:00Z`), props.locale),
    );
    setState('loading');
    try {
      const response = await fetch(`${props.slotsApi}?from=${day.date}&to=${day.date}`, { headers: { accept: 'application/json', 'accept-language': props.locale } });
      if (!response.ok) throw new Error(String(response.status));
      const list = (await response.json()) as { start: string; remaining: number }[];
      if (request !== lastRequest.current) return;
      const time = new Intl.DateTimeFormat(intlLocale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: props.zone });
      setSlots(list.map((s) => ({ start: s.start, remaining: s.remaining, label: clockText(time.format(new Date(s.start)), props.locale), href: `${props.formPath}?start=${encodeURIComponent(s.start)}` })));
      setState('idle');
      history.replaceState(null, '', day.href);
      document.getElementById('slots-heading')?.focus();
    } catch {
      if (request === lastRequest.current) setState('failed');
    }
  }

  const anyDay = props.days.some((d) => d.count > 0);
  return (
    <div class="slot-picker">
      <h2 id="days-heading">{t.chooseDay}</h2>
      {anyDay ? null : <p>{t.noDay}</p>}
      <ul class="day-strip" aria-labelledby="days-heading">
        {props.days.map((day) => (
          <li key={day.date}>
            {day.count > 0 ? (
              <a
                class="day"
                href={day.href}
                aria-current={day.date === selected ? 'date' : undefined}
                onClick={(e) => void choose(day, e)}
              >
                <span class="day__weekday">{day.weekday}</span>
                <span class="day__date">{day.label}</span>
                <span class="day__count">{t.free(day.count)}</span>
              </a>
            ) : (
              <span class="day day--empty">
                <span class="day__weekday">{day.weekday}</span>
                <span class="day__date">{day.label}</span>
                <span class="day__count">{t.full}</span>
              </span>
            )}
          </li>
        ))}
      </ul>
      <p class="pager">
        {props.previous ? (
          <a href={props.previous} rel="prev">
            ← {t.previous}
          </a>
        ) : null}
        {props.next ? (
          <a href={props.next} rel="next">
            {t.next} →
          </a>
        ) : null}
      </p>
      {selected ? (
        <section aria-labelledby="slots-heading" aria-busy={state === 'loading' ? 'true' : undefined}>
          <h2 id="slots-heading" tabIndex={-1}>
            {t.chooseTime}
            {selectedLabel ? ` — ${selectedLabel}` : ''}
          </h2>
          {state === 'loading' ? <p role="status">{t.loading}</p> : null}
          {state === 'failed' ? <p role="alert">{t.failed}</p> : null}
          {state === 'idle' && slots.length === 0 ? <p>{t.none}</p> : null}
          {state === 'idle' && slots.length > 0 ? (
            <ul class="slot-list">
              {slots.map((slot) => (
                <li key={slot.start}>
                  <a class="slot" href={slot.href}>
                    <span class="slot__time">{slot.label}</span>
                    {props.capacity > 1 ? <span class="slot__places">{t.places(slot.remaining)}</span> : null}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

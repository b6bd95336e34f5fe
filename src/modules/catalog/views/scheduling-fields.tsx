import { adminPaths } from '../../../platform/http/paths.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import { SelectField, TextField, type Errors } from '../../../ui/form.js';
import { schedulingModes } from '../catalog.model.js';

const texts = {
  fr: {
    legend: 'Réservation',
    scheduling: 'Mode de réservation',
    modes: { open_hours: 'Aux heures d’ouverture (tout créneau libre)', sessions: 'Par séances (seulement aux dates que vous programmez)' } as Record<string, string>,
    schedulingHint: 'Par séances\u00a0: un atelier collectif à dates fixes. Les horaires d’ouverture ne s’appliquent pas aux séances, les fermetures si.',
    maxPlaces: 'Places par réservation, au plus',
    maxPlacesHint: '1\u00a0: une personne par réservation. Davantage\u00a0: le client choisit combien de places il réserve, dans la limite des places restantes.',
    sessions: 'Gérer les séances de cette prestation',
  },
  en: {
    legend: 'Booking',
    scheduling: 'Booking mode',
    modes: { open_hours: 'During opening hours (any free slot)', sessions: 'By sessions (only on the dates you schedule)' } as Record<string, string>,
    schedulingHint: 'By sessions: a group workshop on fixed dates. Opening hours do not apply to sessions; closures do.',
    maxPlaces: 'Places per booking, at most',
    maxPlacesHint: '1: one person per booking. More: the customer chooses how many places to book, within the places left.',
    sessions: 'Manage the sessions of this service',
  },
};

/** The service form's group-session settings; `action` is the form's address (the sessions link needs a saved service). */
export function SchedulingFields({ locale, action, value, errors }: { locale: Locale; action: string; value: (name: string) => string | undefined; errors: Errors }) {
  const t = texts[locale];
  const sessionsHref = action === adminPaths.newService ? undefined : `${action}/seances`;
  return (
    <fieldset>
      <legend>{t.legend}</legend>
      <SelectField
        name="scheduling"
        label={t.scheduling}
        hint={t.schedulingHint}
        value={value('scheduling') ?? 'open_hours'}
        error={errors.scheduling}
        options={schedulingModes.map((m) => ({ value: m, label: t.modes[m]! }))}
        required
      />
      <TextField name="maxPlacesPerBooking" label={t.maxPlaces} hint={t.maxPlacesHint} value={value('maxPlacesPerBooking') ?? '1'} error={errors.maxPlacesPerBooking} inputMode="numeric" required size="short" />
      {sessionsHref && value('scheduling') === 'sessions' ? (
        <p>
          <a href={sessionsHref}>{t.sessions}</a>
        </p>
      ) : null}
    </fieldset>
  );
}

import { adminPaths, paths } from '../../../platform/http/paths.js';
import { durationInput, formatDateTime, formatDuration } from '../../../platform/i18n/format.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { Checkbox, ErrorSummary, fieldId, SelectField, TextArea, TextField, type Errors } from '../../../ui/form.js';
import { closurePeriod } from '../closure-period.js';
import { customerFields, defaultRequiredFields, serviceLocations, withdrawalPolicies, type Closure, type OpeningInterval, type Service } from '../catalog.model.js';
import { dayHours, weekdayName } from './opening-hours-summary.js';
import { SchedulingFields } from './scheduling-fields.js';
import { PaymentFields } from './payment-fields.js';
import type { OnlineProvider } from '../catalog.model.js';
import { priceLabel } from './service-card.js';

const texts = {
  fr: {
    services: 'Prestations',
    newService: 'Nouvelle prestation',
    edit: 'Modifier',
    name: 'Nom',
    duration: 'Durée',
    price: 'Prix',
    capacity: 'Capacité',
    state: 'État',
    active: 'Proposée',
    inactive: 'Retirée',
    view: 'Voir la page',
    sessionsLink: 'Séances',
    errors: 'Corrigez les points suivants',
    save: 'Enregistrer',
    saved: 'Modifications enregistrées.',
    deleteService: 'Supprimer cette prestation',
    confirmServiceTitle: (name: string) => `Supprimer la prestation «\u00a0${name}\u00a0»\u00a0?`,
    confirmServiceText: 'Elle disparaîtra du site et du back-office. Une prestation qui a des réservations ne peut pas être supprimée\u00a0: retirez-la plutôt de la réservation.',
    confirmServiceDelete: 'Oui, supprimer la prestation',
    fields: {
      slug: 'Identifiant d’adresse',
      slugHint: 'Lettres minuscules, chiffres et tirets\u00a0; il apparaît dans l’adresse de la page. Laissez vide pour le former à partir du nom.',
      nameFr: 'Nom (français)',
      nameEn: 'Nom (anglais)',
      englishHint: 'Facultatif\u00a0: sans texte anglais, le site anglais montre le texte français.',
      descriptionFr: 'Description (français)',
      descriptionEn: 'Description (anglais)',
      durationMinutes: 'Durée',
      durationHint: 'Par exemple 1 h 30, 45 min ou 2 h.',
      price: 'Prix TTC, en euros',
      vatRate: 'Taux de TVA, en %',
      capacity: 'Places par créneau',
      capacityHint: '1 pour un rendez-vous individuel\u00a0; davantage pour un atelier collectif.',
      bufferBeforeMinutes: 'Marge avant',
      bufferAfterMinutes: 'Marge après',
      bufferHint: 'Temps de préparation ou de trajet pendant lequel rien d’autre ne peut être réservé.',
      minNoticeMinutes: 'Délai de prévenance',
      minNoticeHint: 'Un client ne peut pas réserver moins longtemps à l’avance, par exemple 2 h ou 1 j.',
      horizonDays: 'Horizon de réservation, en jours',
      slotStepMinutes: 'Intervalle entre deux horaires proposés',
      slotStepHint: 'Par exemple 30 min. Laissez vide pour utiliser la durée de la prestation.',
      requiredFields: 'Champs obligatoires (l’adresse e-mail l’est toujours)',
      withdrawalPolicy: 'Droit de rétractation',
      location: 'Lieu de la prestation',
      onlineUrl: 'Lien de la séance en ligne',
      onlineUrlHint: 'Seulement pour une prestation en ligne : une adresse https://, envoyée au client dans la confirmation.',
      active: 'Proposer cette prestation à la réservation',
      position: 'Ordre d’affichage',
      reminderHoursBefore: 'Rappel avant la réservation (heures)',
      cancellationCutoffHours: 'Annulation par le client jusqu’à (heures avant)',
      policyHint: 'Vide : le réglage général des Paramètres. 0 : aucun rappel, ou annulation jusqu’au début.',
    },
    customerField: { lastName: 'Nom', firstName: 'Prénom', company: 'Société', country: 'Pays de résidence', phone: 'Téléphone', address: 'Adresse postale' } as Record<string, string>,
    withdrawal: {
      applies: 'S’applique (14 jours)',
      dated_leisure: 'Exclu\u00a0: loisir à date déterminée (L221-28 12°)',
      performed_at_request: 'Exclu une fois exécutée, à la demande expresse du client (L221-28 1°)',
    } as Record<string, string>,
    place: {
      business: 'À l’adresse de l’entreprise',
      customer_address: 'À l’adresse du client (l’adresse d’intervention devient obligatoire)',
      phone: 'Par téléphone (le numéro du client devient obligatoire)',
      online: 'En ligne (au lien indiqué ci-dessous)',
    } as Record<string, string>,
    hoursTitle: 'Horaires d’ouverture',
    hoursIntro: 'Une ligne par jour, sous la forme 9h-12h30, 14h-18h30 (ou 09:00-12:30, 14:00-18:30). Laissez vide un jour fermé. Les heures sont celles de ',
    closures: 'Fermetures',
    closuresIntro: 'Aucun créneau n’est proposé pendant une fermeture. Les réservations existantes ne sont pas annulées\u00a0: après l’ajout, la liste des réservations concernées vous permet de déplacer ou d’annuler chacune.',
    covered: 'Réservations concernées',
    confirmDeleteTitle: 'Supprimer cette fermeture\u00a0?',
    confirmDeleteText: (period: string) => `La fermeture ${period} sera supprimée\u00a0: ses créneaux seront de nouveau proposés aux clients.`,
    confirmDelete: 'Oui, supprimer la fermeture',
    keep: 'Non, la garder',
    addClosure: 'Ajouter une fermeture',
    from: 'Du',
    to: 'Au',
    startDate: 'Premier jour',
    startTime: 'À partir de (facultatif)',
    endDate: 'Dernier jour',
    endTime: 'Jusqu’à (facultatif)',
    timeHint: 'Laissez vide pour la journée entière.',
    label: 'Motif (affiché ici seulement)',
    remove: 'Supprimer',
    none: 'Aucune fermeture à venir.',
    optional: 'facultatif',
  },
  en: {
    services: 'Services',
    newService: 'New service',
    edit: 'Edit',
    name: 'Name',
    duration: 'Duration',
    price: 'Price',
    capacity: 'Capacity',
    state: 'Status',
    active: 'Offered',
    inactive: 'Retired',
    view: 'View page',
    sessionsLink: 'Sessions',
    errors: 'Please fix the following',
    save: 'Save',
    saved: 'Changes saved.',
    deleteService: 'Delete this service',
    confirmServiceTitle: (name: string) => `Delete the service “${name}”?`,
    confirmServiceText: 'It will disappear from the site and the back office. A service with bookings cannot be deleted: take it off booking instead.',
    confirmServiceDelete: 'Yes, delete the service',
    fields: {
      slug: 'URL name',
      slugHint: 'Lowercase letters, digits and hyphens; it appears in the page address. Leave empty to make it from the French name.',
      nameFr: 'Name (French)',
      nameEn: 'Name (English)',
      englishHint: 'Optional: without an English text, the English site shows the French one.',
      descriptionFr: 'Description (French)',
      descriptionEn: 'Description (English)',
      durationMinutes: 'Duration',
      durationHint: 'For example 1 h 30, 45 min or 2 h.',
      price: 'Price incl. VAT, in euros',
      vatRate: 'VAT rate, in %',
      capacity: 'Places per slot',
      capacityHint: '1 for a one-to-one appointment; more for a group workshop.',
      bufferBeforeMinutes: 'Buffer before',
      bufferAfterMinutes: 'Buffer after',
      bufferHint: 'Preparation or travel time during which nothing else can be booked.',
      minNoticeMinutes: 'Minimum notice',
      minNoticeHint: 'Customers cannot book less than this ahead, e.g. 2 h or 1 d.',
      horizonDays: 'Booking horizon, in days',
      slotStepMinutes: 'Interval between proposed times',
      slotStepHint: 'For example 30 min. Leave empty to use the duration of the service.',
      requiredFields: 'Required fields (the e-mail address always is)',
      withdrawalPolicy: 'Right of withdrawal',
      location: 'Place of the service',
      onlineUrl: 'Link of the online session',
      onlineUrlHint: 'Only for an online service: an https:// address, sent to the customer in the confirmation.',
      active: 'Offer this service for booking',
      position: 'Display order',
      reminderHoursBefore: 'Reminder before the booking (hours)',
      cancellationCutoffHours: 'Customers may cancel until (hours before)',
      policyHint: 'Empty: the general setting in Settings. 0: no reminder, or cancelling until the start.',
    },
    customerField: { lastName: 'Last name', firstName: 'First name', company: 'Company', country: 'Country of residence', phone: 'Phone', address: 'Postal address' } as Record<string, string>,
    withdrawal: {
      applies: 'Applies (14 days)',
      dated_leisure: 'Excluded: leisure on a set date (L221-28 12°)',
      performed_at_request: 'Excluded once performed, at the customer’s express request (L221-28 1°)',
    } as Record<string, string>,
    place: {
      business: 'At the business address',
      customer_address: 'At the customer’s address (the service address becomes required)',
      phone: 'By phone (the customer’s number becomes required)',
      online: 'Online (at the link below)',
    } as Record<string, string>,
    hoursTitle: 'Opening hours',
    hoursIntro: 'One line per day, as 9h-12h30, 14h-18h30 (or 09:00-12:30, 14:00-18:30). Leave a closed day empty. Times are in ',
    closures: 'Closures',
    closuresIntro: 'No slot is offered during a closure. Existing bookings are not cancelled: after adding it, the list of the bookings it covers lets you move or cancel each.',
    covered: 'Bookings it covers',
    confirmDeleteTitle: 'Delete this closure?',
    confirmDeleteText: (period: string) => `The closure ${period} will be deleted: its slots will be offered to customers again.`,
    confirmDelete: 'Yes, delete the closure',
    keep: 'No, keep it',
    addClosure: 'Add a closure',
    from: 'From',
    to: 'To',
    startDate: 'First day',
    startTime: 'From (optional)',
    endDate: 'Last day',
    endTime: 'Until (optional)',
    timeHint: 'Leave empty for the whole day.',
    label: 'Reason (shown here only)',
    remove: 'Delete',
    none: 'No upcoming closure.',
    optional: 'optional',
  },
};

export function ServicesAdminPage({ ctx, services }: { ctx: AdminContext; services: Service[] }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.services} current={adminPaths.services}>
      <h1>{t.services}</h1>
      <p>
        <a class="button" href={adminPaths.newService}>
          {t.newService}
        </a>
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.duration}</th>
              <th scope="col">{t.price}</th>
              <th scope="col">{t.capacity}</th>
              <th scope="col">{t.state}</th>
            </tr>
          </thead>
          <tbody>
            {services.map((s) => (
              <tr key={s.id}>
                <td>
                  <a href={adminPaths.service(s.id)}>{s.name[ctx.locale]}</a>
                  {s.active ? (
                    <>
                      {' '}
                      · <a href={paths.service('fr', s.slug)}>{t.view}</a>
                    </>
                  ) : null}
                  {s.scheduling === 'sessions' ? (
                    <>
                      {' '}
                      · <a href={adminPaths.serviceSessions(s.id)}>{t.sessionsLink}</a>
                    </>
                  ) : null}
                </td>
                <td>{formatDuration(s.durationMinutes, ctx.locale)}</td>
                <td>{priceLabel(s, ctx.locale, ctx.business.vatExempt)}</td>
                <td>{s.capacity}</td>
                <td>{s.active ? t.active : t.inactive}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AdminLayout>
  );
}

export type ServiceFormValues = Record<string, string | string[] | undefined>;

export function serviceToFormValues(s: Service, locale: 'fr' | 'en' = 'fr'): ServiceFormValues {
  return {
    slug: s.slug,
    nameFr: s.name.fr,
    nameEn: s.english?.name === false ? '' : s.name.en,
    descriptionFr: s.description.fr,
    descriptionEn: s.english?.description === false ? '' : s.description.en,
    durationMinutes: durationInput(s.durationMinutes, locale),
    price: (s.priceCents / 100).toFixed(2).replace('.', ','),
    vatRate: String(s.vatRateBp / 100).replace('.', ','),
    capacity: String(s.capacity),
    bufferBeforeMinutes: durationInput(s.bufferBeforeMinutes, locale),
    bufferAfterMinutes: durationInput(s.bufferAfterMinutes, locale),
    minNoticeMinutes: durationInput(s.minNoticeMinutes, locale),
    horizonDays: String(s.horizonDays),
    slotStepMinutes: s.slotStepMinutes === null ? '' : durationInput(s.slotStepMinutes, locale),
    requiredFields: s.requiredFields,
    withdrawalPolicy: s.withdrawalPolicy,
    location: s.location,
    onlineUrl: s.onlineUrl ?? '',
    active: s.active ? 'on' : undefined,
    position: String(s.position),
    scheduling: s.scheduling,
    maxPlacesPerBooking: String(s.maxPlacesPerBooking),
    reminderHoursBefore: s.reminderHoursBefore == null ? '' : String(s.reminderHoursBefore),
    cancellationCutoffHours: s.cancellationCutoffHours == null ? '' : String(s.cancellationCutoffHours),
    paymentOptions: s.paymentOptions,
    depositPercent: s.depositPercent === null ? '' : String(s.depositPercent),
  };
}

export const newServiceValues: ServiceFormValues = {
  durationMinutes: '1\u00a0h',
  price: '0,00',
  vatRate: '20',
  capacity: '1',
  bufferBeforeMinutes: '0\u00a0min',
  bufferAfterMinutes: '0\u00a0min',
  minNoticeMinutes: '2\u00a0h',
  horizonDays: '60',
  requiredFields: defaultRequiredFields,
  withdrawalPolicy: 'applies',
  location: 'business',
  active: 'on',
  position: '10',
};

export function ServiceFormPage({ ctx, action, title, values, errors, saved, deleteUrl, providers = [] }: { ctx: AdminContext; action: string; title: string; values: ServiceFormValues; errors: Errors; saved?: boolean; deleteUrl?: string; providers?: readonly OnlineProvider[] }) {
  const t = texts[ctx.locale];
  const f = t.fields;
  const v = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const required = new Set(Array.isArray(values.requiredFields) ? values.requiredFields : values.requiredFields ? [values.requiredFields] : []);
  return (
    <AdminLayout ctx={ctx} title={title} current={adminPaths.services}>
      <p>
        <a href={adminPaths.services}>← {t.services}</a>
      </p>
      <h1>{title}</h1>
      {saved ? (
        <div class="notice notice--success" role="status">
          {t.saved}
        </div>
      ) : null}
      <ErrorSummary errors={errors} title={t.errors} />
      <form method="post" action={action} novalidate class="stack">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <div class="grid-2">
          <TextField name="nameFr" label={f.nameFr} value={v('nameFr')} error={errors.nameFr} required />
          <TextField name="nameEn" label={f.nameEn} hint={f.englishHint} value={v('nameEn')} error={errors.nameEn} optionalText={t.optional} />
        </div>
        <TextField name="slug" label={f.slug} hint={f.slugHint} value={v('slug')} error={errors.slug} optionalText={t.optional} />
        <TextArea name="descriptionFr" label={f.descriptionFr} value={v('descriptionFr')} error={errors.descriptionFr} required />
        <TextArea name="descriptionEn" label={f.descriptionEn} hint={f.englishHint} value={v('descriptionEn')} error={errors.descriptionEn} optionalText={t.optional} />
        <div class="grid-3">
          <TextField name="durationMinutes" label={f.durationMinutes} hint={f.durationHint} value={v('durationMinutes')} error={errors.durationMinutes} required />
          <TextField name="price" label={f.price} value={v('price')} error={errors.price} inputMode="decimal" required />
          <TextField name="vatRate" label={f.vatRate} value={v('vatRate')} error={errors.vatRate} inputMode="decimal" required />
        </div>
        <TextField name="capacity" label={f.capacity} hint={f.capacityHint} value={v('capacity')} error={errors.capacity} inputMode="numeric" required />
        <SchedulingFields locale={ctx.locale} action={action} value={v} errors={errors} />
        <div class="grid-2">
          <TextField name="bufferBeforeMinutes" label={f.bufferBeforeMinutes} hint={f.bufferHint} value={v('bufferBeforeMinutes')} error={errors.bufferBeforeMinutes} required />
          <TextField name="bufferAfterMinutes" label={f.bufferAfterMinutes} hint={f.bufferHint} value={v('bufferAfterMinutes')} error={errors.bufferAfterMinutes} required />
        </div>
        <div class="grid-3">
          <TextField name="minNoticeMinutes" label={f.minNoticeMinutes} hint={f.minNoticeHint} value={v('minNoticeMinutes')} error={errors.minNoticeMinutes} required />
          <TextField name="horizonDays" label={f.horizonDays} value={v('horizonDays')} error={errors.horizonDays} inputMode="numeric" required />
          <TextField name="slotStepMinutes" label={f.slotStepMinutes} hint={f.slotStepHint} value={v('slotStepMinutes')} error={errors.slotStepMinutes} optionalText={t.optional} />
        </div>
        <fieldset id={fieldId('requiredFields')}>
          <legend>{f.requiredFields}</legend>
          {errors.requiredFields ? <p class="field-error">{errors.requiredFields}</p> : null}
          {customerFields.map((field) => {
            // Checkbox derives its id from the name, which every box of a group shares: each label would tick the first box.
            const id = fieldId(`requiredFields-${field}`);
            return (
              <div key={field} class="field field--checkbox">
                <input id={id} type="checkbox" name="requiredFields" value={field} checked={required.has(field)} />
                <label for={id}>{t.customerField[field]}</label>
              </div>
            );
          })}
        </fieldset>
        <SelectField
          name="withdrawalPolicy"
          label={f.withdrawalPolicy}
          value={v('withdrawalPolicy')}
          error={errors.withdrawalPolicy}
          options={withdrawalPolicies.map((p) => ({ value: p, label: t.withdrawal[p]! }))}
          required
        />
        <SelectField
          name="location"
          label={f.location}
          value={v('location') ?? 'business'}
          error={errors.location}
          options={serviceLocations.map((l) => ({ value: l, label: t.place[l]! }))}
          required
        />
        <TextField name="onlineUrl" type="url" label={f.onlineUrl} hint={f.onlineUrlHint} value={v('onlineUrl')} error={errors.onlineUrl} maxLength={500} optionalText={t.optional} />
        <PaymentFields locale={ctx.locale} providers={providers} value={(name) => values[name]} errors={errors} />
        <div class="grid-2">
          <TextField name="reminderHoursBefore" label={f.reminderHoursBefore} hint={f.policyHint} value={v('reminderHoursBefore')} error={errors.reminderHoursBefore} inputMode="numeric" size="short" optionalText={t.optional} />
          <TextField name="cancellationCutoffHours" label={f.cancellationCutoffHours} hint={f.policyHint} value={v('cancellationCutoffHours')} error={errors.cancellationCutoffHours} inputMode="numeric" size="short" optionalText={t.optional} />
        </div>
        <TextField name="position" label={f.position} value={v('position')} error={errors.position} inputMode="numeric" required />
        <Checkbox name="active" label={f.active} checked={v('active') === 'on'} />
        <p>
          <button type="submit" class="button">
            {t.save}
          </button>
        </p>
      </form>
      {deleteUrl ? (
        <p>
          <a href={deleteUrl}>{t.deleteService}</a>
        </p>
      ) : null}
    </AdminLayout>
  );
}

/** The confirmation a service's deletion asks for (a page, so that it works without JavaScript). */
export function ServiceDeletePage({ ctx, service, error }: { ctx: AdminContext; service: Service; error?: string | undefined }) {
  const t = texts[ctx.locale];
  const title = t.confirmServiceTitle(service.name[ctx.locale]);
  return (
    <AdminLayout ctx={ctx} title={title} current={adminPaths.services}>
      <h1>{title}</h1>
      {error ? (
        <div class="notice notice--warning" role="alert">
          {error}
        </div>
      ) : null}
      <p>{t.confirmServiceText}</p>
      <form method="post" action={adminPaths.serviceDelete(service.id)}>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <button type="submit" class="button button--danger">
          {t.confirmServiceDelete}
        </button>{' '}
        <a href={adminPaths.service(service.id)}>{t.keep}</a>
      </form>
    </AdminLayout>
  );
}

export function OpeningHoursPage({ ctx, intervals, values, errors, saved }: { ctx: AdminContext; intervals: OpeningInterval[]; values?: Record<string, string>; errors: Errors; saved?: boolean }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.hoursTitle} current={adminPaths.openingHours}>
      <h1>{t.hoursTitle}</h1>
      <p>
        {t.hoursIntro}
        {ctx.business.timezone}.
      </p>
      {saved ? (
        <div class="notice notice--success" role="status">
          {t.saved}
        </div>
      ) : null}
      <ErrorSummary errors={errors} title={t.errors} />
      <form method="post" action={adminPaths.openingHours} novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        {[1, 2, 3, 4, 5, 6, 7].map((weekday) => (
          <TextField
            key={weekday}
            name={`day${weekday}`}
            label={capitalize(weekdayName(weekday, ctx.locale))}
            value={values ? values[`day${weekday}`] : dayHours(intervals, weekday).replace(/–/g, '-')}
            error={errors[`day${weekday}`]}
          />
        ))}
        <button type="submit" class="button">
          {t.save}
        </button>
      </form>
    </AdminLayout>
  );
}

export function ClosuresPage({ ctx, closures, values, errors }: { ctx: AdminContext; closures: Closure[]; values: Record<string, string>; errors: Errors }) {
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  return (
    <AdminLayout ctx={ctx} title={t.closures} current={adminPaths.closures}>
      <h1>{t.closures}</h1>
      <p>{t.closuresIntro}</p>
      {closures.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul class="plain-list">
          {closures.map((c) => (
            <li key={c.id} class="closure">
              <span>
                {capitalize(closurePeriod(c, ctx.locale, zone))}
                {c.label ? ` — ${c.label}` : ''}
              </span>{' '}
              <a href={adminPaths.closureBookings(c.id)}>{t.covered}</a>{' '}
              <a href={adminPaths.closureDelete(c.id)}>{t.remove}</a>
            </li>
          ))}
        </ul>
      )}
      <h2>{t.addClosure}</h2>
      <ErrorSummary errors={errors} title={t.errors} />
      <form method="post" action={adminPaths.closures} novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <div class="grid-2">
          <TextField name="startDate" type="date" label={t.startDate} value={values.startDate} error={errors.startDate} required />
          <TextField name="startTime" type="time" label={t.startTime} hint={t.timeHint} value={values.startTime} error={errors.startTime} />
        </div>
        <div class="grid-2">
          <TextField name="endDate" type="date" label={t.endDate} value={values.endDate} error={errors.endDate} required />
          <TextField name="endTime" type="time" label={t.endTime} hint={t.timeHint} value={values.endTime} error={errors.endTime} />
        </div>
        <TextField name="label" label={t.label} value={values.label} error={errors.label} maxLength={200} optionalText={t.optional} />
        <button type="submit" class="button">
          {t.addClosure}
        </button>
      </form>
    </AdminLayout>
  );
}

/** The confirmation a deletion asks for: a page, so that it works without JavaScript. */
export function ClosureDeletePage({ ctx, closure }: { ctx: AdminContext; closure: Closure }) {
  const t = texts[ctx.locale];
  const period = closurePeriod(closure, ctx.locale, ctx.business.timezone);
  return (
    <AdminLayout ctx={ctx} title={t.confirmDeleteTitle} current={adminPaths.closures}>
      <h1>{t.confirmDeleteTitle}</h1>
      <p>
        {t.confirmDeleteText(period)}
        {closure.label ? ` (${closure.label})` : ''}
      </p>
      <form method="post" action={adminPaths.closureDelete(closure.id)}>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <button type="submit" class="button button--danger">
          {t.confirmDelete}
        </button>{' '}
        <a href={adminPaths.closures}>{t.keep}</a>
      </form>
    </AdminLayout>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

import { adminPaths } from '../../../platform/http/paths.js';
import { countryOptions } from '../../../platform/i18n/countries.js';
import { formatCalendarDate } from '../../../platform/i18n/format.js';
import { formatPhone } from '../../../platform/i18n/phone.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { Checkbox, ErrorSummary, SelectField, TextField, type Errors } from '../../../ui/form.js';
import { QuantityField } from './quantity-field.js';
import type { Service } from '../../catalog/index.js';
import type { Customer } from '../../customers/index.js';

export type OwnerFormValues = Record<string, string | undefined>;

const texts = {
  fr: {
    title: 'Nouvelle réservation',
    intro: 'Pour un client qui vous appelle ou passe au magasin\u00a0: choisissez la prestation et le jour, puis l’horaire et le client.',
    step1: '1. Prestation et jour',
    service: 'Prestation',
    choose: 'Choisissez…',
    day: 'Jour',
    showSlots: 'Voir les horaires',
    step2: '2. Client existant',
    search: 'Rechercher un client',
    searchHint: 'Nom, e-mail, téléphone ou société\u00a0; laissez vide pour un nouveau client.',
    searchButton: 'Rechercher',
    noMatch: 'Aucun client trouvé\u00a0: saisissez ses coordonnées ci-dessous.',
    chosen: (name: string) => `Client choisi\u00a0: ${name}. Ses coordonnées sont reprises ci-dessous\u00a0; corrigez-les si besoin.`,
    step3: '3. Horaire et coordonnées',
    slots: (d: string) => `Horaires du ${d}`,
    full: 'complet',
    places: (n: number) => `${n}\u00a0place${n > 1 ? 's' : ''}`,
    other: 'Autre heure (hors grille)',
    time: 'Heure',
    timeHint: 'Par exemple 9h30 ou 14:00.',
    noSlot: 'Aucun horaire proposé ce jour-là\u00a0: indiquez une autre heure.',
    details: 'Coordonnées du client',
    optional: 'facultatif',
    lastName: 'Nom',
    firstName: 'Prénom',
    company: 'Société',
    country: 'Pays de résidence',
    email: 'Adresse e-mail',
    phone: 'Téléphone',
    line1: 'Numéro et rue',
    line2: 'Complément d’adresse',
    postalCode: 'Code postal',
    city: 'Ville',
    addressCountry: 'Pays de l’adresse',
    address: 'Adresse postale',
    notify: 'Envoyer la confirmation au client par e-mail',
    locale: 'Langue des courriels au client',
    early: 'Le client demande que la prestation commence avant la fin du délai de rétractation de 14\u00a0jours',
    submit: 'Enregistrer la réservation',
    errors: 'La réservation n’est pas enregistrée\u00a0: corrigez les points suivants',
    warningTitle: 'Attention',
    full409: 'Ce créneau est complet ou l’agenda est déjà occupé à cette heure.',
    notEnoughPlaces409: 'Il reste moins de places à cet horaire que le nombre demandé. Si vous confirmez, la séance dépassera le nombre de places prévu.',
    quantity: 'Nombre de places',
    quantityHint: (max: number) => `De 1 à ${max}\u00a0: une place par participant.`,
    confirm: 'Réserver quand même',
    back: 'Choisir un autre horaire',
    correctTitle: 'Corriger les coordonnées de la réservation',
    correctHint: 'Les prochains courriels de cette réservation iront à ces coordonnées. La fiche du client est mise à jour, et la correction notée dans l’historique.',
    correctErrors: 'Les coordonnées ne sont pas enregistrées : corrigez les points suivants',
    correctSave: 'Enregistrer les coordonnées',
    cancel: 'Annuler',
  },
  en: {
    title: 'New booking',
    intro: 'For a customer who calls or drops in: choose the service and the day, then the time and the customer.',
    step1: '1. Service and day',
    service: 'Service',
    choose: 'Choose…',
    day: 'Day',
    showSlots: 'Show times',
    step2: '2. Existing customer',
    search: 'Search customers',
    searchHint: 'Name, e-mail, phone or company; leave empty for a new customer.',
    searchButton: 'Search',
    noMatch: 'No customer found: enter their details below.',
    chosen: (name: string) => `Customer chosen: ${name}. Their details are copied below; correct them if needed.`,
    step3: '3. Time and details',
    slots: (d: string) => `Times on ${d}`,
    full: 'full',
    places: (n: number) => `${n} place${n > 1 ? 's' : ''}`,
    other: 'Another time (off the grid)',
    time: 'Time',
    timeHint: 'For example 9:30 or 14:00.',
    noSlot: 'No time offered that day: enter another time.',
    details: 'Customer’s details',
    optional: 'optional',
    lastName: 'Last name',
    firstName: 'First name',
    company: 'Company',
    country: 'Country of residence',
    email: 'E-mail address',
    phone: 'Phone',
    line1: 'Number and street',
    line2: 'Address line 2',
    postalCode: 'Postcode',
    city: 'Town or city',
    addressCountry: 'Country of the address',
    address: 'Postal address',
    notify: 'Send the confirmation to the customer by e-mail',
    locale: 'Language of the e-mails to the customer',
    early: 'The customer asks for the service to start before the 14-day withdrawal period ends',
    submit: 'Save the booking',
    errors: 'The booking is not saved: please fix the following',
    warningTitle: 'Warning',
    full409: 'This slot is full or the agenda is already busy at that time.',
    notEnoughPlaces409: 'Fewer places are left at this time than asked for. If you confirm, the session will go over its number of places.',
    quantity: 'Number of places',
    quantityHint: (max: number) => `From 1 to ${max}: one place per participant.`,
    confirm: 'Book anyway',
    back: 'Choose another time',
    correctTitle: 'Correct the booking’s details',
    correctHint: 'The next e-mails about this booking go to these details. The customer’s record is updated, and the correction noted in the history.',
    correctErrors: 'The details are not saved: please fix the following',
    correctSave: 'Save the details',
    cancel: 'Cancel',
  },
};

export interface OwnerSlot {
  start: string;
  label: string;
  remaining: number;
}

export interface OwnerBookingProps {
  ctx: AdminContext;
  services: Service[];
  service: Service | undefined;
  day: string;
  slots: OwnerSlot[] | null;
  q: string;
  found: Customer[] | null;
  chosen: Customer | undefined;
  values: OwnerFormValues;
  errors: Errors;
  idempotencyKey: string;
  /** Set when the owner must confirm a full slot or a time off the grid. */
  warning?: string | undefined;
}

/** The values of the details fields for a customer already known. */
export function customerValues(c: Customer): OwnerFormValues {
  return {
    'customer.lastName': c.lastName ?? '',
    'customer.firstName': c.firstName ?? '',
    'customer.company': c.company ?? '',
    'customer.country': c.country ?? '',
    'customer.email': c.email,
    'customer.phone': c.phone ? formatPhone(c.phone) : '',
    'customer.address.line1': c.address?.line1 ?? '',
    'customer.address.line2': c.address?.line2 ?? '',
    'customer.address.postalCode': c.address?.postalCode ?? '',
    'customer.address.city': c.address?.city ?? '',
    'customer.address.country': c.address?.country ?? '',
  };
}

function Hidden({ values, names }: { values: OwnerFormValues; names: string[] }) {
  return (
    <>
      {names.map((name) => (values[name] !== undefined ? <input key={name} type="hidden" name={name} value={values[name]} /> : null))}
    </>
  );
}

const detailNames = [
  'customer.lastName',
  'customer.firstName',
  'customer.company',
  'customer.country',
  'customer.email',
  'customer.phone',
  'customer.address.line1',
  'customer.address.line2',
  'customer.address.postalCode',
  'customer.address.city',
  'customer.address.country',
];

/** The customer's details, named as the booking API names them (customer.email, customer.address.city…). */
function DetailsFields({ ctx, values, errors, required }: { ctx: AdminContext; values: OwnerFormValues; errors: Errors; required: readonly string[] }) {
  const t = texts[ctx.locale];
  const needs = (field: string) => required.includes(field);
  const countries = countryOptions(ctx.locale).map((c) => ({ value: c.code, label: c.name }));
  const text = (name: string, label: string, extra: { required?: boolean; type?: string; size?: 'short' } = {}) => (
    <TextField name={name} label={label} value={values[name]} error={errors[name]} autocomplete="off" optionalText={t.optional} {...extra} />
  );
  return (
    <>
      <fieldset>
        <legend>{t.details}</legend>
        {text('customer.lastName', t.lastName, { required: needs('lastName') })}
        {text('customer.firstName', t.firstName, { required: needs('firstName') })}
        {text('customer.company', t.company, { required: needs('company') })}
        {text('customer.email', t.email, { required: true, type: 'email' })}
        {text('customer.phone', t.phone, { type: 'tel', required: needs('phone') })}
        <SelectField name="customer.country" label={t.country} value={values['customer.country']} error={errors['customer.country']} options={countries} placeholder={t.choose} optionalText={t.optional} required={needs('country')} />
      </fieldset>
      <fieldset>
        <legend>{t.address}</legend>
        {text('customer.address.line1', t.line1, { required: needs('address') })}
        {text('customer.address.line2', t.line2)}
        {text('customer.address.postalCode', t.postalCode, { size: 'short', required: needs('address') })}
        {text('customer.address.city', t.city, { required: needs('address') })}
        <SelectField name="customer.address.country" label={t.addressCountry} value={values['customer.address.country']} error={errors['customer.address.country']} options={countries} placeholder={t.choose} optionalText={t.optional} required={needs('address')} />
      </fieldset>
    </>
  );
}

/** The owner corrects the customer's details given for one booking. */
export function BookingCustomerPage({ ctx, bookingId, title, values, errors, required }: { ctx: AdminContext; bookingId: string; title: string; values: OwnerFormValues; errors: Errors; required: readonly string[] }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.correctTitle} current={adminPaths.bookings}>
      <p>
        <a href={adminPaths.booking(bookingId)}>← {title}</a>
      </p>
      <h1>{t.correctTitle}</h1>
      <p class="muted">{t.correctHint}</p>
      <ErrorSummary errors={errors} title={t.correctErrors} />
      <form method="post" action={adminPaths.bookingCustomer(bookingId)} class="narrow" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <DetailsFields ctx={ctx} values={values} errors={errors} required={required} />
        <div class="actions">
          <button type="submit" class="button">
            {t.correctSave}
          </button>
          <a href={adminPaths.booking(bookingId)}>{t.cancel}</a>
        </div>
      </form>
    </AdminLayout>
  );
}

export function OwnerBookingPage(props: OwnerBookingProps) {
  const { ctx, services, service, day, slots, values, errors } = props;
  const t = texts[ctx.locale];
  const serviceSlug = service?.slug ?? '';
  const selectedStart = values.start ?? (slots?.find((s) => s.remaining > 0)?.start ?? (slots && slots.length === 0 ? 'autre' : undefined));

  if (props.warning) {
    return (
      <AdminLayout ctx={ctx} title={t.title} current={adminPaths.bookings}>
        <h1>{t.title}</h1>
        <div class="notice notice--warning" role="alert">
          <h2>{t.warningTitle}</h2>
          <p>{props.warning}</p>
        </div>
        <form method="post" action={adminPaths.newBooking}>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
          <input type="hidden" name="confirmer" value="1" />
          <Hidden values={values} names={['service', 'jour', 'start', 'heure', 'quantity', 'notify', 'locale', 'requestEarlyPerformance', ...detailNames]} />
          <div class="actions">
            <button type="submit" class="button button--danger">
              {t.confirm}
            </button>
            <a href={`${adminPaths.newBooking}?prestation=${encodeURIComponent(serviceSlug)}&jour=${encodeURIComponent(day)}`}>{t.back}</a>
          </div>
        </form>
      </AdminLayout>
    );
  }

  const keep = (extra: Record<string, string>) => {
    const params = new URLSearchParams({ ...(serviceSlug ? { prestation: serviceSlug } : {}), jour: day, ...extra });
    return `${adminPaths.newBooking}?${params.toString()}`;
  };

  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.bookings}>
      <h1>{t.title}</h1>
      <p class="muted">{t.intro}</p>
      <ErrorSummary errors={errors} title={t.errors} />

      <form method="get" action={adminPaths.newBooking} class="card" aria-labelledby="step1">
        <h2 id="step1">{t.step1}</h2>
        {props.chosen ? <input type="hidden" name="client" value={props.chosen.id} /> : null}
        <SelectField name="prestation" label={t.service} value={serviceSlug} options={services.map((s) => ({ value: s.slug, label: s.name[ctx.locale] }))} placeholder={t.choose} required error={errors.prestation} />
        <TextField name="jour" type="date" label={t.day} value={day} required error={errors.jour} />
        <button type="submit" class="button button--secondary">
          {t.showSlots}
        </button>
      </form>

      {service ? (
        <>
          <form method="get" action={adminPaths.newBooking} role="search" class="card" aria-labelledby="step2">
            <h2 id="step2">{t.step2}</h2>
            <input type="hidden" name="prestation" value={serviceSlug} />
            <input type="hidden" name="jour" value={day} />
            <TextField name="q" type="search" label={t.search} hint={t.searchHint} value={props.q} maxLength={100} />
            <button type="submit" class="button button--secondary">
              {t.searchButton}
            </button>
            {props.found ? (
              props.found.length === 0 ? (
                <p>{t.noMatch}</p>
              ) : (
                <ul class="plain-list">
                  {props.found.map((c) => (
                    <li key={c.id}>
                      <a href={keep({ client: c.id })}>{[c.firstName, c.lastName].filter(Boolean).join(' ') || c.email}</a> — {c.email}
                      {c.phone ? ` — ${formatPhone(c.phone)}` : ''}
                    </li>
                  ))}
                </ul>
              )
            ) : null}
            {props.chosen ? <p class="notice notice--success">{t.chosen([props.chosen.firstName, props.chosen.lastName].filter(Boolean).join(' ') || props.chosen.email)}</p> : null}
          </form>

          <form method="post" action={adminPaths.newBooking} class="card" aria-labelledby="step3" novalidate>
            <h2 id="step3">{t.step3}</h2>
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
            <input type="hidden" name="service" value={serviceSlug} />
            <input type="hidden" name="jour" value={day} />
            <fieldset id="f-start">
              <legend>{t.slots(formatCalendarDate(day, ctx.locale))}</legend>
              {errors.start ? <p class="field-error">{errors.start}</p> : null}
              {slots && slots.length === 0 ? <p>{t.noSlot}</p> : null}
              <div class="radio-grid">
                {(slots ?? []).map((s) => (
                  <label key={s.start} class="radio">
                    <input type="radio" name="start" value={s.start} checked={selectedStart === s.start} /> {s.label}{' '}
                    <span class="muted">({s.remaining > 0 ? t.places(s.remaining) : t.full})</span>
                  </label>
                ))}
                <label class="radio">
                  <input type="radio" name="start" value="autre" checked={selectedStart === 'autre'} /> {t.other}
                </label>
              </div>
              <TextField name="heure" label={t.time} hint={t.timeHint} value={values.heure} error={errors.heure} size="short" maxLength={10} optionalText={t.optional} />
            </fieldset>
            {service.maxPlacesPerBooking > 1 ? (
              <QuantityField label={t.quantity} hint={t.quantityHint(service.maxPlacesPerBooking)} max={service.maxPlacesPerBooking} value={values.quantity} error={errors.quantity} />
            ) : null}
            <DetailsFields ctx={ctx} values={values} errors={errors} required={service.requiredFields} />
            <SelectField name="locale" label={t.locale} value={values.locale ?? 'fr'} error={errors.locale} options={[{ value: 'fr', label: 'Français' }, { value: 'en', label: 'English' }]} required />
            {service.withdrawalPolicy !== 'dated_leisure' ? <Checkbox name="requestEarlyPerformance" label={t.early} checked={values.requestEarlyPerformance === 'on'} error={errors.requestEarlyPerformance} /> : null}
            <input type="hidden" name="formulaire" value="1" />
            <Checkbox name="notify" label={t.notify} checked={values.formulaire === '1' ? values.notify === 'on' : true} />
            <button type="submit" class="button">
              {t.submit}
            </button>
          </form>
        </>
      ) : null}
    </AdminLayout>
  );
}

/** What the owner is warned of before booking anyway: a full slot, or fewer places left than asked for. */
export const ownerWarningText = (code: 'SLOT_TAKEN' | 'NOT_ENOUGH_PLACES', locale: 'fr' | 'en') => (code === 'SLOT_TAKEN' ? texts[locale].full409 : texts[locale].notEnoughPlaces409);

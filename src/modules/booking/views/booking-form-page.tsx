import { paths } from '../../../platform/http/paths.js';
import { countryOptions } from '../../../platform/i18n/countries.js';
import { formatCalendarDate, formatDateTime, formatDuration } from '../../../platform/i18n/format.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { Checkbox, ErrorSummary, SelectField, TextField, type Errors } from '../../../ui/form.js';
import { requiredFieldsOf, type Service } from '../../catalog/index.js';
import { priceText } from './price.js';
import { QuantityField } from './quantity-field.js';
import { PaymentChoiceField } from './payment-choice.js';
import type { PaymentChoice } from '../../catalog/index.js';

export type FormValues = Record<string, string | undefined>;

const texts = {
  fr: {
    title: 'Vos coordonnées',
    summary: 'Votre créneau',
    service: 'Prestation',
    when: 'Date',
    duration: 'Durée',
    price: 'Prix',
    change: 'Changer de créneau',
    errors: 'Votre réservation n’est pas encore enregistrée\u00a0: corrigez les points suivants',
    optional: 'facultatif',
    requiredNote: 'Les champs marqués «\u00a0facultatif\u00a0» peuvent rester vides\u00a0; les autres sont nécessaires pour traiter votre réservation.',
    lastName: 'Nom',
    firstName: 'Prénom',
    company: 'Société',
    country: 'Pays de résidence',
    choose: 'Choisissez…',
    email: 'Adresse e-mail',
    emailHint: 'Nous y enverrons la confirmation et le lien pour gérer votre réservation.',
    phone: 'Téléphone',
    phoneHint: 'Pour vous prévenir en cas d’imprévu. Format français ou international (+33…).',
    address: 'Adresse postale',
    serviceAddress: 'Adresse d’intervention',
    serviceAddressHint: 'L’adresse où nous venons réaliser la prestation.',
    phoneCallHint: 'Nous vous appelons à ce numéro à l’heure choisie.',
    addressOptional: 'Adresse postale (facultatif)',
    line1: 'Numéro et rue',
    line2: 'Complément d’adresse',
    postalCode: 'Code postal',
    city: 'Ville',
    addressCountry: 'Pays',
    withdrawal: 'Droit de rétractation',
    earlyQuestion: 'Cet horaire tombe dans votre délai de rétractation de 14\u00a0jours\u00a0: que préférez-vous\u00a0?',
    laterChoice: (date: string) => `Ou bien choisissez une date à partir du ${date}\u00a0: vous pourrez alors vous rétracter sans rien devoir.`,
    laterLink: (date: string) => `Voir les créneaux à partir du ${date}`,
    terms: (link: string) => ['J’ai lu et j’accepte les ', link, '.'],
    termsLink: 'conditions générales de vente',
    privacyTitle: 'Vos données',
    privacyLink: 'Politique de confidentialité',
    submit: 'Confirmer la réservation',
    pay: 'Le prix est payable le jour de la prestation.',
    perPlace: 'par place',
    quantity: 'Nombre de places',
    quantityHint: (max: number) => `De 1 à ${max}\u00a0: une place par participant, vous compris si vous participez.`,
  },
  en: {
    title: 'Your details',
    summary: 'Your slot',
    service: 'Service',
    when: 'Date',
    duration: 'Duration',
    price: 'Price',
    change: 'Choose another time',
    errors: 'Your booking is not saved yet: please fix the following',
    optional: 'optional',
    requiredNote: 'Fields marked "optional" may be left empty; the others are needed to process your booking.',
    lastName: 'Last name',
    firstName: 'First name',
    company: 'Company',
    country: 'Country of residence',
    choose: 'Choose…',
    email: 'Email address',
    emailHint: 'We will send the confirmation and the link to manage your booking there.',
    phone: 'Phone',
    phoneHint: 'To reach you if something comes up. International format (+44…) or French.',
    address: 'Postal address',
    serviceAddress: 'Service address',
    serviceAddressHint: 'The address where we come to perform the service.',
    phoneCallHint: 'We call you on this number at the time you chose.',
    addressOptional: 'Postal address (optional)',
    line1: 'Number and street',
    line2: 'Address line 2',
    postalCode: 'Postcode',
    city: 'Town or city',
    addressCountry: 'Country',
    withdrawal: 'Right of withdrawal',
    earlyQuestion: 'This time falls within your 14-day withdrawal period: what would you prefer?',
    laterChoice: (date: string) => `Or choose a date from ${date}: you can then withdraw and owe nothing.`,
    laterLink: (date: string) => `See the times from ${date}`,
    terms: (link: string) => ['I have read and accept the ', link, '.'],
    termsLink: 'terms of sale',
    privacyTitle: 'Your data',
    privacyLink: 'Privacy policy',
    submit: 'Confirm the booking',
    pay: 'The price is paid on the day of the service.',
    perPlace: 'per place',
    quantity: 'Number of places',
    quantityHint: (max: number) => `From 1 to ${max}: one place per participant, you included if you take part.`,
  },
};

export interface BookingFormProps {
  ctx: PageContext;
  service: Service;
  start: string;
  values: FormValues;
  errors: Errors;
  idempotencyKey: string;
  collectionNotice: string;
  withdrawal: { text: string; earlyPerformance?: { label: string; required: boolean } };
  /** For a slot inside the withdrawal period: the first day outside it, when the service can be booked that far. */
  laterFrom?: string | undefined;
  termsVersion: string;
  /** Most places this booking may take here (the service's maximum, or the places left if fewer); 1 hides the field. */
  maxQuantity: number;
  /** How the customer may pay (the service's choices, less the providers not configured). */
  paymentChoices?: readonly PaymentChoice[];
}

export function BookingFormPage(props: BookingFormProps) {
  const { ctx, service, start, values, errors } = props;
  const { locale } = ctx;
  const t = texts[locale];
  const zone = ctx.business.timezone;
  const required = new Set<string>(requiredFieldsOf(service));
  const countries = countryOptions(locale).map((c) => ({ value: c.code, label: c.name }));
  const field = (name: string) => ({ name: `customer.${name}`, value: values[`customer.${name}`], error: errors[`customer.${name}`], optionalText: t.optional });
  const addressRequired = required.has('address');
  const atCustomer = service.location === 'customer_address';
  const termsParts = t.terms(t.termsLink);

  return (
    <Layout ctx={ctx} title={`${t.title} · ${service.name[locale]}`} withScript>
      <h1>{t.title}</h1>
      <ErrorSummary errors={errors} title={t.errors} />
      <section class="card summary" aria-labelledby="summary-heading">
        <h2 id="summary-heading">{t.summary}</h2>
        <dl class="details">
          <div>
            <dt>{t.service}</dt>
            <dd>{service.name[locale]}</dd>
          </div>
          <div>
            <dt>{t.when}</dt>
            <dd>{formatDateTime(start, locale, zone)}</dd>
          </div>
          <div>
            <dt>{t.duration}</dt>
            <dd>{formatDuration(service.durationMinutes, locale)}</dd>
          </div>
          <div>
            <dt>{t.price}</dt>
            <dd>
              {priceText(service, locale, ctx.business.vatExempt)}
              {props.maxQuantity > 1 && service.priceCents > 0 ? ` ${t.perPlace}` : null}
            </dd>
          </div>
        </dl>
        {(props.paymentChoices ?? ['on_site']).every((c) => c === 'on_site') ? <p class="muted">{t.pay}</p> : null}
        <p>
          <a href={`${paths.service(locale, service.slug)}?date=${start.slice(0, 10)}`}>{t.change}</a>
        </p>
      </section>

      <form method="post" action={paths.bookingForm(locale, service.slug)} novalidate data-submit-once class="stack">
        <input type="hidden" name="start" value={start} />
        <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
        {props.maxQuantity > 1 ? (
          <QuantityField label={t.quantity} hint={t.quantityHint(props.maxQuantity)} max={props.maxQuantity} value={values.quantity} error={errors.quantity} />
        ) : null}
        <p class="muted">{t.requiredNote}</p>
        <div class="grid-2">
          <TextField {...field('lastName')} label={t.lastName} autocomplete="family-name" required={required.has('lastName')} maxLength={100} />
          <TextField {...field('firstName')} label={t.firstName} autocomplete="given-name" required={required.has('firstName')} maxLength={100} />
        </div>
        <TextField {...field('company')} label={t.company} autocomplete="organization" required={required.has('company')} maxLength={150} />
        <SelectField {...field('country')} label={t.country} options={countries} placeholder={t.choose} autocomplete="country" required={required.has('country')} />
        <TextField {...field('email')} label={t.email} hint={t.emailHint} type="email" autocomplete="email" required maxLength={254} />
        <TextField {...field('phone')} label={t.phone} hint={service.location === 'phone' ? t.phoneCallHint : t.phoneHint} type="tel" autocomplete="tel" required={required.has('phone')} maxLength={40} />
        <fieldset>
          <legend>{atCustomer ? t.serviceAddress : addressRequired ? t.address : t.addressOptional}</legend>
          {atCustomer ? <p class="muted">{t.serviceAddressHint}</p> : null}
          <TextField {...field('address.line1')} label={t.line1} autocomplete="address-line1" required={addressRequired} maxLength={200} />
          <TextField {...field('address.line2')} label={t.line2} autocomplete="address-line2" required={false} maxLength={200} />
          <div class="grid-2">
            <TextField {...field('address.postalCode')} label={t.postalCode} autocomplete="postal-code" required={addressRequired} maxLength={20} size="short" />
            <TextField {...field('address.city')} label={t.city} autocomplete="address-level2" required={addressRequired} maxLength={100} />
          </div>
          <SelectField {...field('address.country')} label={t.addressCountry} options={countries} placeholder={t.choose} autocomplete="country" required={addressRequired} />
        </fieldset>

        <section class="notice" aria-labelledby="withdrawal-heading">
          <h2 id="withdrawal-heading">{t.withdrawal}</h2>
          <p>{props.withdrawal.text}</p>
          {props.withdrawal.earlyPerformance && service.withdrawalPolicy === 'applies' ? (
            <fieldset class="stack">
              <legend>{t.earlyQuestion}</legend>
              <Checkbox
                name="requestEarlyPerformance"
                label={props.withdrawal.earlyPerformance.label}
                checked={values.requestEarlyPerformance === 'on'}
                required
                error={errors.requestEarlyPerformance}
              />
              {props.laterFrom ? (
                <p>
                  {t.laterChoice(formatCalendarDate(props.laterFrom, locale))}{' '}
                  <a href={`${paths.service(locale, service.slug)}?from=${props.laterFrom}`}>{t.laterLink(formatCalendarDate(props.laterFrom, locale))}</a>
                </p>
              ) : null}
            </fieldset>
          ) : props.withdrawal.earlyPerformance ? (
            <Checkbox
              name="requestEarlyPerformance"
              label={props.withdrawal.earlyPerformance.label}
              checked={values.requestEarlyPerformance === 'on'}
              required={props.withdrawal.earlyPerformance.required}
              error={errors.requestEarlyPerformance}
            />
          ) : null}
        </section>

        <PaymentChoiceField locale={locale} service={service} choices={props.paymentChoices ?? ['on_site']} value={values.payment} error={errors.payment} />

        <section class="privacy-notice" aria-labelledby="privacy-heading">
          <h2 id="privacy-heading">{t.privacyTitle}</h2>
          <p>
            {props.collectionNotice}{' '}
            <a href={paths.privacyPolicy(locale)}>{t.privacyLink}</a>.
          </p>
        </section>

        <Checkbox
          name="acceptTerms"
          required
          checked={values.acceptTerms === 'on'}
          error={errors.acceptTerms}
          label={
            <>
              {termsParts[0]}
              <a href={`${paths.terms(locale)}?version=${props.termsVersion}`} target="_blank" rel="noopener">
                {termsParts[1]}
              </a>
              {termsParts[2]}
            </>
          }
        />
        <p>
          <button type="submit" class="button button--primary">
            {t.submit}
          </button>
        </p>
      </form>
    </Layout>
  );
}

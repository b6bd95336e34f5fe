import { paths } from '../../../platform/http/paths.js';
import { countryName, countryOptions } from '../../../platform/i18n/countries.js';
import { formatDateTime } from '../../../platform/i18n/format.js';
import { formatPhone } from '../../../platform/i18n/phone.js';
import type { Localized } from '../../../platform/i18n/locale.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { ErrorSummary, Notice, SelectField, TextField, type Errors } from '../../../ui/form.js';
import { InvoiceLinks, type CustomerInvoiceLink } from '../../booking/index.js';
import { customerName, type Customer } from '../../customers/index.js';
import { customerPaymentHeadline, ResumePaymentNote, type CustomerPaymentState } from '../../payments/index.js';

const texts = {
  fr: {
    invoices: 'Mes factures et avoirs',
    invoicesIntro: 'Une facture d’acompte est émise pour chaque paiement reçu avant la prestation qui ne la règle pas en entier, et la facture quand votre réservation est payée en entier (elle déduit les acomptes déjà facturés)\u00a0; un remboursement donne un avoir.',
    title: 'Mon espace client',
    intro: 'Retrouvez vos réservations, déplacez-les ou annulez-les, et mettez à jour vos coordonnées.',
    how: 'Indiquez l’adresse e-mail avec laquelle vous avez réservé\u00a0: nous vous envoyons un lien pour entrer dans votre espace, sans mot de passe.',
    email: 'Votre adresse e-mail',
    emailHint: 'Par exemple nom@exemple.fr',
    send: 'Recevoir mon lien de connexion',
    errors: 'Corrigez les points suivants',
    expired: 'Votre session a pris fin après 30\u00a0minutes sans activité. Demandez un nouveau lien pour revenir dans votre espace.',
    signedOut: 'Vous êtes déconnecté. À bientôt\u00a0!',
    sentTitle: 'Regardez votre boîte e-mail',
    sent: (email: string) =>
      `Si l’adresse ${email} est celle d’une de nos réservations, un e-mail avec votre lien de connexion vient de partir. Le lien est valable 15\u00a0minutes et ne sert qu’une fois.`,
    notReceived: 'Rien reçu après quelques minutes\u00a0? Regardez dans les courriers indésirables, vérifiez l’adresse, ou demandez un nouveau lien ci-dessous.',
    again: 'Demander un nouveau lien',
    signInTitle: 'Entrer dans votre espace',
    signInText: 'Appuyez sur le bouton pour entrer dans votre espace client.',
    signIn: 'Se connecter',
    invalidTitle: 'Lien de connexion plus valable',
    hello: (name: string) => `Bonjour ${name}`,
    upcoming: 'Vos prochaines réservations',
    noUpcoming: 'Vous n’avez aucune réservation à venir.',
    book: 'Réserver une prestation',
    past: 'Vos réservations passées et annulées',
    noPast: 'Aucune réservation passée.',
    open: 'Voir, déplacer ou annuler',
    view: 'Voir la réservation',
    calendar: 'Ajouter à mon agenda (.ics)',
    when: 'Date',
    place: 'Lieu',
    status: 'État',
    reference: 'Référence',
    confirmed: 'Confirmée',
    awaitingPayment: 'En attente de paiement',
    payment: 'Paiement',
    cancelled: 'Annulée',
    done: 'Passée',
    contactTitle: 'Vos coordonnées',
    phone: 'Téléphone',
    address: 'Adresse',
    none: 'non renseigné',
    noneAddress: 'non renseignée',
    editContact: 'Modifier mon téléphone ou mon adresse',
    signOut: 'Se déconnecter',
    rights: 'Vos données personnelles\u00a0: demander une copie, les corriger, les effacer…',
    sessionNote: 'Par sécurité, votre session se termine après 30\u00a0minutes sans activité.',
    saved: 'Vos coordonnées sont enregistrées.',
    cancelledNow: 'Votre réservation est annulée. Un e-mail de confirmation vous a été envoyé.',
    contactPageTitle: 'Modifier mes coordonnées',
    contactHint:
      'Ces coordonnées serviront pour vos prochaines réservations et pour vous joindre. Pour changer l’adresse d’un rendez-vous déjà pris, appelez-nous ou écrivez-nous.',
    optional: 'facultatif',
    phoneHint: 'Par exemple 06 12 34 56 78, ou +44 20 7946 0958 depuis l’étranger.',
    addressLegend: 'Adresse postale',
    addressHint: 'Laissez tous les champs vides pour ne pas indiquer d’adresse.',
    addressLine1: 'Adresse (numéro et rue)',
    addressLine2: 'Complément d’adresse',
    postalCode: 'Code postal',
    city: 'Ville',
    addressCountry: 'Pays',
    choose: 'Choisir…',
    save: 'Enregistrer',
    back: 'Revenir à mon espace',
  },
  en: {
    invoices: 'My invoices and credit notes',
    invoicesIntro: 'A deposit invoice is issued for each payment received before the service that does not pay it in full, and the invoice once your booking is paid in full (it deducts the deposits already invoiced); a refund gives a credit note.',
    title: 'My customer space',
    intro: 'Find your bookings, move or cancel them, and keep your details up to date.',
    how: 'Enter the e-mail address you booked with: we send you a link to your space, no password needed.',
    email: 'Your e-mail address',
    emailHint: 'For example name@example.com',
    send: 'Send me a sign-in link',
    errors: 'Please correct the following',
    expired: 'Your session ended after 30 minutes without activity. Ask for a new link to come back to your space.',
    signedOut: 'You are signed out. See you soon!',
    sentTitle: 'Check your mailbox',
    sent: (email: string) => `If ${email} is the address of one of our bookings, an e-mail with your sign-in link is on its way. The link is valid for 15 minutes and works once.`,
    notReceived: 'Nothing after a few minutes? Look in your spam folder, check the address, or ask for a new link below.',
    again: 'Ask for a new link',
    signInTitle: 'Enter your space',
    signInText: 'Press the button to enter your customer space.',
    signIn: 'Sign in',
    invalidTitle: 'Sign-in link no longer valid',
    hello: (name: string) => `Hello ${name}`,
    upcoming: 'Your upcoming bookings',
    noUpcoming: 'You have no upcoming booking.',
    book: 'Book a service',
    past: 'Your past and cancelled bookings',
    noPast: 'No past booking.',
    open: 'View, move or cancel',
    view: 'View the booking',
    calendar: 'Add to my calendar (.ics)',
    when: 'Date',
    place: 'Place',
    status: 'Status',
    reference: 'Reference',
    confirmed: 'Confirmed',
    awaitingPayment: 'Awaiting payment',
    payment: 'Payment',
    cancelled: 'Cancelled',
    done: 'Past',
    contactTitle: 'Your details',
    phone: 'Phone',
    address: 'Address',
    none: 'not given',
    noneAddress: 'not given',
    editContact: 'Change my phone or address',
    signOut: 'Sign out',
    rights: 'Your personal data: ask for a copy, correct it, delete it…',
    sessionNote: 'For your security, your session ends after 30 minutes without activity.',
    saved: 'Your details are saved.',
    cancelledNow: 'Your booking is cancelled. A confirmation e-mail has been sent to you.',
    contactPageTitle: 'Change my details',
    contactHint: 'These details will be used for your next bookings and to reach you. To change the address of an appointment already booked, call or write to us.',
    optional: 'optional',
    phoneHint: 'For example +44 20 7946 0958, or 06 12 34 56 78 for France.',
    addressLegend: 'Postal address',
    addressHint: 'Leave every field empty to give no address.',
    addressLine1: 'Address (number and street)',
    addressLine2: 'Address line 2',
    postalCode: 'Postcode',
    city: 'Town or city',
    addressCountry: 'Country',
    choose: 'Choose…',
    save: 'Save',
    back: 'Back to my space',
  },
};

/** The e-mail form that asks for a sign-in link, with what brought the customer here (an expired session, a spent link…). */
export function SignInRequestPage({
  ctx,
  errors,
  email,
  notice,
  title,
}: {
  ctx: PageContext;
  errors: Errors;
  email?: string | undefined;
  notice?: { kind: 'info' | 'success' | 'warning'; text: string } | undefined;
  title?: string | undefined;
}) {
  const t = texts[ctx.locale];
  return (
    <Layout ctx={ctx} title={title ?? t.title}>
      <h1>{title ?? t.title}</h1>
      {notice ? (
        <div class={`notice notice--${notice.kind}`} role={notice.kind === 'warning' ? 'alert' : 'status'}>
          {notice.text}
        </div>
      ) : null}
      <p class="lead">{t.intro}</p>
      <ErrorSummary errors={errors} title={t.errors} />
      <form method="post" action={paths.customerSpaceLink(ctx.locale)} class="card narrow" novalidate>
        <p>{t.how}</p>
        <TextField name="email" type="email" label={t.email} hint={t.emailHint} value={email} error={errors.email} autocomplete="email" required maxLength={254} />
        <button type="submit" class="button">
          {t.send}
        </button>
      </form>
    </Layout>
  );
}

export function LinkSentPage({ ctx, email }: { ctx: PageContext; email: string }) {
  const t = texts[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.sentTitle}>
      <h1>{t.sentTitle}</h1>
      <Notice kind="success">{t.sent(email)}</Notice>
      <p>{t.notReceived}</p>
      <form method="post" action={paths.customerSpaceLink(ctx.locale)} class="card narrow" novalidate>
        <TextField name="email" type="email" label={t.email} value={email} autocomplete="email" required maxLength={254} />
        <button type="submit" class="button button--secondary">
          {t.again}
        </button>
      </form>
    </Layout>
  );
}

/** The page of the mail's link: a mail scanner that fetches it spends nothing; the customer's press on the button does. */
export function SignInConfirmPage({ ctx, action }: { ctx: PageContext; action: string }) {
  const t = texts[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.signInTitle}>
      <h1>{t.signInTitle}</h1>
      <p>{t.signInText}</p>
      <form method="post" action={action} data-submit-once>
        <button type="submit" class="button">
          {t.signIn}
        </button>
      </form>
    </Layout>
  );
}

export const invalidLinkTitle = (ctx: PageContext) => texts[ctx.locale].invalidTitle;
export const spaceNotices = (ctx: PageContext) => {
  const t = texts[ctx.locale];
  return { expired: t.expired, signedOut: t.signedOut };
};

/** One booking as the space lists it. */
export interface SpaceBooking {
  reference: string;
  start: string;
  status: 'confirmed' | 'cancelled';
  serviceName: Localized;
  place: { label: string; text: string };
  past: boolean;
  /** Waiting for its online payment (status still confirmed: it holds its place). */
  awaitingPayment?: boolean | undefined;
  /** Where its payment stands (payments module), and where « Reprendre le paiement » posts while it waits. */
  payment?: { state: CustomerPaymentState; resumeAction: string; now: number } | undefined;
}

function BookingCard({ ctx, item }: { ctx: PageContext; item: SpaceBooking }) {
  const t = texts[ctx.locale];
  const { locale } = ctx;
  const status = item.status === 'cancelled' ? t.cancelled : item.awaitingPayment ? t.awaitingPayment : item.past ? t.done : t.confirmed;
  const paymentHeadline = item.payment ? customerPaymentHeadline(item.payment.state, locale) : null;
  return (
    <li class="card">
      <h3 class="service-card__title">{item.serviceName[locale]}</h3>
      <dl class="details">
        <div>
          <dt>{t.when}</dt>
          <dd>{formatDateTime(item.start, locale, ctx.business.timezone)}</dd>
        </div>
        <div>
          <dt>{item.place.label}</dt>
          <dd>{item.place.text}</dd>
        </div>
        <div>
          <dt>{t.status}</dt>
          <dd>{status}</dd>
        </div>
        {paymentHeadline ? (
          <div>
            <dt>{t.payment}</dt>
            <dd>{paymentHeadline}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t.reference}</dt>
          <dd class="reference">{item.reference}</dd>
        </div>
      </dl>
      {item.payment?.state.kind === 'awaiting' && item.status === 'confirmed' ? (
        <ResumePaymentNote locale={locale} timezone={ctx.business.timezone} now={item.payment.now} state={item.payment.state} action={item.payment.resumeAction} reference={item.reference} />
      ) : null}
      <p class="actions">
        <a class={item.past || item.status === 'cancelled' ? 'button button--secondary' : 'button'} href={paths.customerSpaceBooking(locale, item.reference)}>
          {item.past || item.status === 'cancelled' ? t.view : t.open}
          <span class="visually-hidden"> — {item.reference}</span>
        </a>
        {item.status === 'confirmed' && !item.past ? (
          <a href={paths.customerSpaceBookingCalendar(locale, item.reference)} download={`${item.reference}.ics`}>
            {t.calendar}
            <span class="visually-hidden"> — {item.reference}</span>
          </a>
        ) : null}
      </p>
    </li>
  );
}

function addressText(customer: Customer, ctx: PageContext): string | null {
  const a = customer.address;
  return a ? [a.line1, a.line2, `${a.postalCode} ${a.city}`, countryName(a.country, ctx.locale)].filter(Boolean).join(', ') : null;
}

export function DashboardPage({
  ctx,
  customer,
  upcoming,
  past,
  csrfToken,
  notice,
  invoices = [],
}: {
  ctx: PageContext;
  customer: Customer;
  upcoming: SpaceBooking[];
  past: SpaceBooking[];
  csrfToken: string;
  notice?: string | undefined;
  /** The invoices and credit notes of the customer's bookings, each PDF's link. */
  invoices?: CustomerInvoiceLink[];
}) {
  const t = texts[ctx.locale];
  const { locale } = ctx;
  const address = addressText(customer, ctx);
  return (
    <Layout ctx={ctx} title={t.title}>
      <h1>{t.title}</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p class="lead">{t.hello(customerName(customer))}</p>
      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t.upcoming}</h2>
        {upcoming.length === 0 ? (
          <p>
            {t.noUpcoming} <a href={paths.services(locale)}>{t.book}</a>
          </p>
        ) : (
          <ul class="card-list">
            {upcoming.map((item) => (
              <BookingCard key={item.reference} ctx={ctx} item={item} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="contact-heading">
        <h2 id="contact-heading">{t.contactTitle}</h2>
        <dl class="details card">
          <div>
            <dt>E-mail</dt>
            <dd>{customer.email}</dd>
          </div>
          <div>
            <dt>{t.phone}</dt>
            <dd>{customer.phone ? formatPhone(customer.phone) : t.none}</dd>
          </div>
          <div>
            <dt>{t.address}</dt>
            <dd>{address ?? t.noneAddress}</dd>
          </div>
        </dl>
        <p>
          <a class="button button--secondary" href={paths.customerSpaceContact(locale)}>
            {t.editContact}
          </a>
        </p>
      </section>
      <section aria-labelledby="past-heading">
        <h2 id="past-heading">{t.past}</h2>
        {past.length === 0 ? (
          <p>{t.noPast}</p>
        ) : (
          <ul class="card-list">
            {past.map((item) => (
              <BookingCard key={item.reference} ctx={ctx} item={item} />
            ))}
          </ul>
        )}
      </section>
      {invoices.length > 0 ? (
        <section aria-labelledby="invoices-heading">
          <h2 id="invoices-heading">{t.invoices}</h2>
          <p>{t.invoicesIntro}</p>
          <ul>
            <InvoiceLinks locale={locale} invoices={invoices} />
          </ul>
        </section>
      ) : null}
      <p>
        <a href={paths.rights(locale)}>{t.rights}</a>
      </p>
      <form method="post" action={paths.customerSpaceSignOut(locale)} class="actions">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit" class="button button--secondary">
          {t.signOut}
        </button>
        <span class="muted">{t.sessionNote}</span>
      </form>
    </Layout>
  );
}

export type ContactValues = Partial<Record<'phone' | 'addressLine1' | 'addressLine2' | 'postalCode' | 'city' | 'addressCountry', string>>;

export function contactValuesOf(customer: Customer): ContactValues {
  return {
    phone: customer.phone ? formatPhone(customer.phone) : '',
    addressLine1: customer.address?.line1 ?? '',
    addressLine2: customer.address?.line2 ?? '',
    postalCode: customer.address?.postalCode ?? '',
    city: customer.address?.city ?? '',
    addressCountry: customer.address?.country ?? '',
  };
}

export function ContactPage({ ctx, values, errors, csrfToken }: { ctx: PageContext; values: ContactValues; errors: Errors; csrfToken: string }) {
  const t = texts[ctx.locale];
  const countries = countryOptions(ctx.locale).map((c) => ({ value: c.code, label: c.name }));
  return (
    <Layout ctx={ctx} title={t.contactPageTitle}>
      <p class="breadcrumb">
        <a href={paths.customerSpace(ctx.locale)}>← {t.back}</a>
      </p>
      <h1>{t.contactPageTitle}</h1>
      <p>{t.contactHint}</p>
      <ErrorSummary errors={errors} title={t.errors} />
      <form method="post" action={paths.customerSpaceContact(ctx.locale)} class="narrow" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <TextField name="phone" type="tel" label={t.phone} hint={t.phoneHint} value={values.phone} error={errors.phone} autocomplete="tel" optionalText={t.optional} maxLength={40} />
        <fieldset>
          <legend>{t.addressLegend}</legend>
          <p class="hint">{t.addressHint}</p>
          <TextField name="addressLine1" label={t.addressLine1} value={values.addressLine1} error={errors.addressLine1} autocomplete="address-line1" optionalText={t.optional} maxLength={200} />
          <TextField name="addressLine2" label={t.addressLine2} value={values.addressLine2} error={errors.addressLine2} autocomplete="address-line2" optionalText={t.optional} maxLength={200} />
          <TextField name="postalCode" label={t.postalCode} value={values.postalCode} error={errors.postalCode} autocomplete="postal-code" optionalText={t.optional} size="short" maxLength={20} />
          <TextField name="city" label={t.city} value={values.city} error={errors.city} autocomplete="address-level2" optionalText={t.optional} maxLength={100} />
          <SelectField name="addressCountry" label={t.addressCountry} value={values.addressCountry} error={errors.addressCountry} options={countries} placeholder={t.choose} autocomplete="country" optionalText={t.optional} />
        </fieldset>
        <div class="actions">
          <button type="submit" class="button">
            {t.save}
          </button>
          <a href={paths.customerSpace(ctx.locale)}>{t.back}</a>
        </div>
      </form>
    </Layout>
  );
}

export const spaceTexts = (ctx: PageContext) => texts[ctx.locale];

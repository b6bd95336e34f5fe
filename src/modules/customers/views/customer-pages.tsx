import type { ComponentChildren } from 'preact';
import { adminPaths } from '../../../platform/http/paths.js';
import { countryName, countryOptions } from '../../../platform/i18n/countries.js';
import { formatDateTime, formatPrice } from '../../../platform/i18n/format.js';
import { formatPhone } from '../../../platform/i18n/phone.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { ErrorSummary, Notice, SelectField, TextArea, TextField, type Errors } from '../../../ui/form.js';
import { PaymentBadge } from '../../payments/index.js';
import { CustomerPrivacySection } from './customer-privacy-pages.js';
import { customerName, type Customer, type CustomerBooking, type CustomerChange, type CustomerDetails, type CustomerField, type CustomerNote } from '../customers.model.js';

const texts = {
  fr: {
    title: 'Clients',
    search: 'Rechercher un client',
    searchHint: 'Nom, e-mail, téléphone ou société. Majuscules et accents sont sans importance.',
    searchButton: 'Rechercher',
    all: 'Tous les clients',
    none: 'Aucun client.',
    noMatch: (q: string) => `Aucun client ne correspond à «\u00a0${q}\u00a0».`,
    results: (q: string) => `Résultats pour «\u00a0${q}\u00a0»`,
    name: 'Nom',
    email: 'E-mail',
    phone: 'Téléphone',
    company: 'Société',
    country: 'Pays de résidence',
    address: 'Adresse',
    lastBooking: 'Dernière réservation',
    previous: 'Page précédente',
    next: 'Page suivante',
    pages: 'Pages',
    back: 'Retour aux clients',
    details: 'Coordonnées',
    edit: 'Modifier les coordonnées',
    book: 'Nouvelle réservation pour ce client',
    saved: 'Coordonnées enregistrées.',
    unchanged: 'Aucune coordonnée n’a changé.',
    bookings: 'Réservations',
    noBooking: 'Aucune réservation.',
    when: 'Date',
    service: 'Prestation',
    price: 'Prix',
    status: 'État',
    payment: 'Paiement',
    statusName: { confirmed: 'Confirmée', cancelled: 'Annulée', pending_payment: 'En attente de paiement' } as Record<string, string>,
    notes: 'Notes privées',
    notesHint: 'Visibles de vous seul, jamais envoyées au client. Elles sont supprimées avec la fiche, 3\u00a0ans après sa dernière réservation.',
    noNote: 'Aucune note.',
    noteLabel: 'Nouvelle note',
    addNote: 'Ajouter la note',
    by: (who: string) => `par ${who}`,
    history: 'Historique des modifications',
    noHistory: 'Aucune modification.',
    byBooking: 'par le client, avec sa réservation',
    byCustomer: 'par le client, dans son espace',
    field: 'Champ',
    before: 'Avant',
    after: 'Après',
    whoWhen: 'Par, le',
    empty: '(vide)',
    errors: 'Corrigez les points suivants',
    editTitle: (name: string) => `Modifier — ${name}`,
    editHint: 'Les réservations gardent les coordonnées données au moment de réserver\u00a0; seule la fiche client change.',
    save: 'Enregistrer',
    cancel: 'Annuler',
    optional: 'facultatif',
    addressLine1: 'Adresse (numéro et rue)',
    addressLine2: 'Complément d’adresse',
    postalCode: 'Code postal',
    city: 'Ville',
    addressCountry: 'Pays de l’adresse',
    choose: 'Choisir…',
    fields: {
      lastName: 'Nom',
      firstName: 'Prénom',
      company: 'Société',
      country: 'Pays de résidence',
      email: 'E-mail',
      phone: 'Téléphone',
      'address.line1': 'Adresse',
      'address.line2': 'Complément d’adresse',
      'address.postalCode': 'Code postal',
      'address.city': 'Ville',
      'address.country': 'Pays de l’adresse',
    } as Record<CustomerField, string>,
  },
  en: {
    title: 'Customers',
    search: 'Search customers',
    searchHint: 'Name, e-mail, phone or company. Case and accents do not matter.',
    searchButton: 'Search',
    all: 'All customers',
    none: 'No customer.',
    noMatch: (q: string) => `No customer matches “${q}”.`,
    results: (q: string) => `Results for “${q}”`,
    name: 'Name',
    email: 'E-mail',
    phone: 'Phone',
    company: 'Company',
    country: 'Country of residence',
    address: 'Address',
    lastBooking: 'Last booking',
    previous: 'Previous page',
    next: 'Next page',
    pages: 'Pages',
    back: 'Back to customers',
    details: 'Details',
    edit: 'Edit details',
    book: 'New booking for this customer',
    saved: 'Details saved.',
    unchanged: 'No detail changed.',
    bookings: 'Bookings',
    noBooking: 'No booking.',
    when: 'Date',
    service: 'Service',
    price: 'Price',
    status: 'Status',
    payment: 'Payment',
    statusName: { confirmed: 'Confirmed', cancelled: 'Cancelled', pending_payment: 'Awaiting payment' } as Record<string, string>,
    notes: 'Private notes',
    notesHint: 'Seen by you only, never sent to the customer. They are deleted with the record, 3 years after the last booking.',
    noNote: 'No note.',
    noteLabel: 'New note',
    addNote: 'Add the note',
    by: (who: string) => `by ${who}`,
    history: 'History of changes',
    noHistory: 'No change.',
    byBooking: 'by the customer, with their booking',
    byCustomer: 'by the customer, in their space',
    field: 'Field',
    before: 'Before',
    after: 'After',
    whoWhen: 'By, on',
    empty: '(empty)',
    errors: 'Please fix the following',
    editTitle: (name: string) => `Edit — ${name}`,
    editHint: 'Bookings keep the details given when booking; only the customer record changes.',
    save: 'Save',
    cancel: 'Cancel',
    optional: 'optional',
    addressLine1: 'Address (number and street)',
    addressLine2: 'Second address line',
    postalCode: 'Postcode',
    city: 'Town or city',
    addressCountry: 'Country of the address',
    choose: 'Choose…',
    fields: {
      lastName: 'Last name',
      firstName: 'First name',
      company: 'Company',
      country: 'Country of residence',
      email: 'E-mail',
      phone: 'Phone',
      'address.line1': 'Address',
      'address.line2': 'Second address line',
      'address.postalCode': 'Postcode',
      'address.city': 'Town or city',
      'address.country': 'Country of the address',
    } as Record<CustomerField, string>,
  },
};

function listUrl(q: string, page: number): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `${adminPaths.customers}?${query}` : adminPaths.customers;
}

function PhoneLink({ phone }: { phone: string | null }) {
  return phone ? <a href={`tel:${phone}`}>{formatPhone(phone)}</a> : null;
}

function addressText(details: CustomerDetails, locale: 'fr' | 'en'): string | null {
  const a = details.address;
  return a ? [a.line1, a.line2, `${a.postalCode} ${a.city}`, countryName(a.country, locale)].filter(Boolean).join(', ') : null;
}

export function CustomerListPage({
  ctx,
  q,
  page,
  customers,
  hasNext,
  badges,
}: {
  ctx: AdminContext;
  q: string;
  page: number;
  customers: Customer[];
  hasNext: boolean;
  /** Shown beside a customer's name (data rights: « Traitement limité »…). */
  badges?: Map<string, ComponentChildren> | undefined;
}) {
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  return (
    <AdminLayout ctx={ctx} title={q ? `${t.results(q)} · ${t.title}` : t.title} current={adminPaths.customers}>
      <h1>{t.title}</h1>
      <form method="get" action={adminPaths.customers} role="search" class="card">
        <TextField name="q" type="search" label={t.search} hint={t.searchHint} value={q} maxLength={100} />
        <div class="actions">
          <button type="submit" class="button">
            {t.searchButton}
          </button>
          {q ? <a href={adminPaths.customers}>{t.all}</a> : null}
        </div>
      </form>
      {q ? <h2>{t.results(q)}</h2> : null}
      {customers.length === 0 ? (
        <p>{q ? t.noMatch(q) : t.none}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.email}</th>
                <th scope="col">{t.phone}</th>
                <th scope="col">{t.company}</th>
                <th scope="col">{t.lastBooking}</th>
              </tr>
            </thead>
            <tbody>
              {customers.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={adminPaths.customer(c.id)}>{[c.lastName?.toUpperCase(), c.firstName].filter(Boolean).join(' ') || c.email}</a>
                    {badges?.get(c.id) ? <> {badges.get(c.id)}</> : null}
                  </td>
                  <td>{c.email}</td>
                  <td>
                    <PhoneLink phone={c.phone} />
                  </td>
                  <td>{c.company ?? ''}</td>
                  <td>{c.lastBookingAt ? formatDateTime(c.lastBookingAt, ctx.locale, zone) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page > 1 || hasNext ? (
        <nav class="pager" aria-label={t.pages}>
          {page > 1 ? <a href={listUrl(q, page - 1)}>← {t.previous}</a> : null}
          {hasNext ? <a href={listUrl(q, page + 1)}>{t.next} →</a> : null}
        </nav>
      ) : null}
    </AdminLayout>
  );
}

export interface CustomerPageProps {
  ctx: AdminContext;
  customer: Customer;
  bookings: CustomerBooking[];
  notes: CustomerNote[];
  changes: CustomerChange[];
  saved?: 'changed' | 'unchanged' | undefined;
  errors: Errors;
  noteValue?: string | undefined;
  /** The customer's data rights section (restrictions module, through app.ts). */
  privacy?: ComponentChildren;
  /** Post-mortem directives the customer left through a rights request (rights module; the owner's only). */
  directives?: { receivedAt: string; text: string; href: string }[] | undefined;
}

export function CustomerPage({ ctx, customer, bookings, notes, changes, saved, errors, noteValue, privacy, directives = [] }: CustomerPageProps) {
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  const c = customer;
  const row = (label: string, value: ComponentChildren) =>
    value ? (
      <div>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </div>
    ) : null;
  const shown = (field: CustomerField, value: string | null) =>
    value === null ? t.empty : field === 'phone' ? formatPhone(value) : field === 'country' || field === 'address.country' ? countryName(value, ctx.locale) : value;
  return (
    <AdminLayout ctx={ctx} title={customerName(c)} current={adminPaths.customers}>
      <p>
        <a href={adminPaths.customers}>← {t.back}</a>
      </p>
      <h1>{customerName(c)}</h1>
      {saved ? <Notice kind="success">{saved === 'changed' ? t.saved : t.unchanged}</Notice> : null}
      <ErrorSummary errors={errors} title={t.errors} />
      {directives.length > 0 ? (
        <section class="notice notice--warning" aria-labelledby="directives-heading" data-directives>
          <h2 id="directives-heading">{ctx.locale === 'fr' ? 'Directives pour après son décès' : 'Directives for after their death'}</h2>
          {directives.map((d) => (
            <p key={d.href} class="mail-text">
              <a href={d.href}>{formatDateTime(d.receivedAt, ctx.locale, zone)}</a>{ctx.locale === 'fr' ? '\u00a0: ' : ': '}
              {d.text}
            </p>
          ))}
        </section>
      ) : null}
      <section class="card" aria-labelledby="details-heading">
        <h2 id="details-heading">{t.details}</h2>
        <dl class="details">
          {row(t.name, [c.firstName, c.lastName].filter(Boolean).join(' '))}
          {row(t.company, c.company)}
          {row(t.email, <a href={`mailto:${c.email}`}>{c.email}</a>)}
          {row(t.phone, c.phone ? <PhoneLink phone={c.phone} /> : null)}
          {row(t.country, c.country ? countryName(c.country, ctx.locale) : null)}
          {row(t.address, addressText(c, ctx.locale))}
        </dl>
        <p class="actions">
          <a class="button button--secondary" href={adminPaths.customerEdit(c.id)}>
            {t.edit}
          </a>
          <a class="button button--secondary" href={`${adminPaths.newBooking}?client=${encodeURIComponent(c.id)}`}>
            {t.book}
          </a>
        </p>
      </section>

      {privacy}

      <section aria-labelledby="bookings-heading">
        <h2 id="bookings-heading">{t.bookings}</h2>
        {bookings.length === 0 ? (
          <p>{t.noBooking}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.when}</th>
                  <th scope="col">{t.service}</th>
                  <th scope="col">{t.price}</th>
                  <th scope="col">{t.status}</th>
                  <th scope="col">{t.payment}</th>
                </tr>
              </thead>
              <tbody>
                {bookings.map((b) => (
                  <tr key={b.id} class={b.status === 'cancelled' ? 'row--muted' : undefined}>
                    <td>
                      <a href={adminPaths.booking(b.id)}>{formatDateTime(b.start, ctx.locale, zone)}</a>
                    </td>
                    <td>{b.serviceName[ctx.locale]}</td>
                    <td>{formatPrice(b.priceCents, b.currency, ctx.locale)}</td>
                    <td>
                      {b.status === 'confirmed' && b.awaitingPayment ? (
                        <span class="badge badge--pending">{t.statusName.pending_payment}</span>
                      ) : (
                        <span class={`badge badge--${b.status}`}>{t.statusName[b.status] ?? b.status}</span>
                      )}
                    </td>
                    <td>{b.payment && !(b.status === 'confirmed' && b.awaitingPayment) ? <PaymentBadge status={b.payment} locale={ctx.locale} /> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class="card" aria-labelledby="notes-heading" id="notes">
        <h2 id="notes-heading">{t.notes}</h2>
        <p class="muted">{t.notesHint}</p>
        {notes.length === 0 ? (
          <p>{t.noNote}</p>
        ) : (
          <ul class="plain-list">
            {notes.map((n) => (
              <li key={n.id}>
                <p class="muted">
                  {formatDateTime(n.createdAt, ctx.locale, zone)}, {t.by(n.adminEmail)}
                </p>
                <p class="mail-text">{n.body}</p>
              </li>
            ))}
          </ul>
        )}
        <form method="post" action={adminPaths.customerNotes(c.id)}>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <TextArea name="body" label={t.noteLabel} rows={3} error={errors.body} value={noteValue} />
          <button type="submit" class="button">
            {t.addNote}
          </button>
        </form>
      </section>

      <CustomerPrivacySection ctx={ctx} customer={c} />

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t.history}</h2>
        {changes.length === 0 ? (
          <p>{t.noHistory}</p>
        ) : (
          // Wider than a phone: focusable, so that the keyboard can scroll it.
          <div class="table-wrap" tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.whoWhen}</th>
                  <th scope="col">{t.field}</th>
                  <th scope="col">{t.before}</th>
                  <th scope="col">{t.after}</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((change, i) => (
                  <tr key={i}>
                    <td>
                      {change.actor === 'owner' && change.adminEmail ? (
                        change.adminEmail
                      ) : change.actor === 'customer' ? (
                        t.byCustomer
                      ) : change.bookingId ? (
                        <a href={adminPaths.booking(change.bookingId)}>{t.byBooking}</a>
                      ) : (
                        t.byBooking
                      )}
                      <br />
                      {formatDateTime(change.changedAt, ctx.locale, zone)}
                    </td>
                    <td>{t.fields[change.field] ?? change.field}</td>
                    <td>{shown(change.field, change.before)}</td>
                    <td>{shown(change.field, change.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </AdminLayout>
  );
}

export type CustomerFormValues = Partial<Record<'lastName' | 'firstName' | 'company' | 'country' | 'email' | 'phone' | 'addressLine1' | 'addressLine2' | 'postalCode' | 'city' | 'addressCountry' | 'version', string>>;

export function customerToFormValues(c: Customer): CustomerFormValues {
  return {
    lastName: c.lastName ?? '',
    firstName: c.firstName ?? '',
    company: c.company ?? '',
    country: c.country ?? '',
    email: c.email,
    phone: c.phone ? formatPhone(c.phone) : '',
    addressLine1: c.address?.line1 ?? '',
    addressLine2: c.address?.line2 ?? '',
    postalCode: c.address?.postalCode ?? '',
    city: c.address?.city ?? '',
    addressCountry: c.address?.country ?? '',
    version: c.updatedAt,
  };
}

export function CustomerEditPage({ ctx, customer, values, errors }: { ctx: AdminContext; customer: Customer; values: CustomerFormValues; errors: Errors }) {
  const t = texts[ctx.locale];
  const countries = countryOptions(ctx.locale).map((c) => ({ value: c.code, label: c.name }));
  const f = t.fields;
  return (
    <AdminLayout ctx={ctx} title={t.editTitle(customerName(customer))} current={adminPaths.customers}>
      <p>
        <a href={adminPaths.customer(customer.id)}>← {customerName(customer)}</a>
      </p>
      <h1>{t.editTitle(customerName(customer))}</h1>
      <p class="muted">{t.editHint}</p>
      <ErrorSummary errors={errors} title={t.errors} />
      <form method="post" action={adminPaths.customerEdit(customer.id)} class="narrow" id="f-form" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <input type="hidden" name="version" value={values.version ?? ''} />
        <TextField name="lastName" label={f.lastName} value={values.lastName} error={errors.lastName} autocomplete="off" optionalText={t.optional} maxLength={100} />
        <TextField name="firstName" label={f.firstName} value={values.firstName} error={errors.firstName} autocomplete="off" optionalText={t.optional} maxLength={100} />
        <TextField name="company" label={f.company} value={values.company} error={errors.company} autocomplete="off" optionalText={t.optional} maxLength={150} />
        <TextField name="email" type="email" label={f.email} value={values.email} error={errors.email} autocomplete="off" required maxLength={254} />
        <TextField name="phone" type="tel" label={f.phone} value={values.phone} error={errors.phone} autocomplete="off" optionalText={t.optional} maxLength={40} />
        <SelectField name="country" label={f.country} value={values.country} error={errors.country} options={countries} placeholder={t.choose} optionalText={t.optional} />
        <fieldset>
          <legend>{t.address}</legend>
          <TextField name="addressLine1" label={t.addressLine1} value={values.addressLine1} error={errors.addressLine1} autocomplete="off" optionalText={t.optional} maxLength={200} />
          <TextField name="addressLine2" label={t.addressLine2} value={values.addressLine2} error={errors.addressLine2} autocomplete="off" optionalText={t.optional} maxLength={200} />
          <TextField name="postalCode" label={t.postalCode} value={values.postalCode} error={errors.postalCode} autocomplete="off" optionalText={t.optional} size="short" maxLength={20} />
          <TextField name="city" label={t.city} value={values.city} error={errors.city} autocomplete="off" optionalText={t.optional} maxLength={100} />
          <SelectField name="addressCountry" label={t.addressCountry} value={values.addressCountry} error={errors.addressCountry} options={countries} placeholder={t.choose} optionalText={t.optional} />
        </fieldset>
        <div class="actions">
          <button type="submit" class="button">
            {t.save}
          </button>
          <a href={adminPaths.customer(customer.id)}>{t.cancel}</a>
        </div>
      </form>
    </AdminLayout>
  );
}

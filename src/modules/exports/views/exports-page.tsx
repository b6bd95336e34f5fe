import { adminPaths } from '../../../platform/http/paths.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { ErrorSummary, SelectField, TextField, type Errors } from '../../../ui/form.js';

const texts = {
  fr: {
    title: 'Exports',
    intro: 'Des fichiers CSV pour votre comptable, qu’Excel ouvre tels quels (séparateur «\u00a0;\u00a0», accents conservés).',
    period: 'Fichiers d’une période',
    periodHint: 'Choisissez la période (les deux jours inclus), puis le fichier à télécharger.',
    from: 'Du',
    to: 'Au (inclus)',
    bookings: 'Réservations (CSV)',
    bookingsHint: 'Les réservations dont la date est comprise dans la période, annulées comprises (colonne «\u00a0État\u00a0»).',
    payments: 'Paiements et corrections (CSV)',
    paymentsHint: 'Par jour de paiement, avec le moyen de paiement, la réservation et la personne qui l’a enregistré.',
    invoices: 'Factures et avoirs (CSV)',
    invoicesHint: 'Par date d’émission\u00a0: montants HT, TVA par taux et TTC\u00a0; les avoirs sont en négatif.',
    pdfs: 'PDF des factures et avoirs (zip)',
    pdfsHint: 'Chaque fichier Factur-X émis sur la période, nommé par son numéro.',
    privateSales: 'Ventes aux particuliers (CSV)',
    privateSalesHint: 'Les ventes aux clients sans numéro SIREN, base et TVA par taux, avoirs déduits\u00a0: ce que demandera la transmission des données de paiement (e-reporting) en 2027.',
    per: 'Ventes aux particuliers regroupées',
    perDay: 'par jour',
    perMonth: 'par mois',
    customers: 'Clients',
    customersHint: 'Tous vos clients avec leurs coordonnées actuelles.',
    downloadCustomers: 'Télécharger les clients (CSV)',
    errors: 'Corrigez les points suivants',
  },
  en: {
    title: 'Exports',
    intro: 'CSV files for your accountant, which Excel opens as they are (“;” separator, accents kept).',
    period: 'Files of a period',
    periodHint: 'Choose the period (both days included), then the file to download.',
    from: 'From',
    to: 'To (included)',
    bookings: 'Bookings (CSV)',
    bookingsHint: 'Bookings dated within the period, cancelled ones too (“État” column).',
    payments: 'Payments and corrections (CSV)',
    paymentsHint: 'By payment day, with the method, the booking and who recorded it.',
    invoices: 'Invoices and credit notes (CSV)',
    invoicesHint: 'By issue date: amounts excl. VAT, VAT per rate and incl. VAT; credit notes are negative.',
    pdfs: 'Invoice and credit note PDFs (zip)',
    pdfsHint: 'Every Factur-X file issued in the period, named by its number.',
    privateSales: 'Sales to private customers (CSV)',
    privateSalesHint: 'Sales to customers without a SIREN number, base and VAT per rate, credit notes deducted: what the 2027 e-reporting will ask for.',
    per: 'Sales to private customers grouped',
    perDay: 'per day',
    perMonth: 'per month',
    customers: 'Customers',
    customersHint: 'All your customers with their current details.',
    downloadCustomers: 'Download the customers (CSV)',
    errors: 'Please fix the following',
  },
};

/**
 * One form for every file of a period: its fields once (so each message has one place), a button
 * per file sending the form to that file's address (`formaction`, plain HTML: no script needed).
 */
export function ExportsPage({ ctx, from, to, per, errors }: { ctx: AdminContext; from: string; to: string; per: string; errors: Errors }) {
  const t = texts[ctx.locale];
  const files: [string, string, string][] = [
    [adminPaths.exportBookings, t.bookings, t.bookingsHint],
    [adminPaths.exportPayments, t.payments, t.paymentsHint],
    [adminPaths.exportInvoices, t.invoices, t.invoicesHint],
    [adminPaths.exportInvoicePdfs, t.pdfs, t.pdfsHint],
    [adminPaths.exportPrivateSales, t.privateSales, t.privateSalesHint],
  ];
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.exports}>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <ErrorSummary errors={errors} title={t.errors} />
      <section class="card" aria-labelledby="period-exports">
        <h2 id="period-exports">{t.period}</h2>
        <p class="muted">{t.periodHint}</p>
        <form method="get" action={adminPaths.exportBookings}>
          <TextField name="from" type="date" label={t.from} value={from} error={errors.from} required />
          <TextField name="to" type="date" label={t.to} value={to} error={errors.to} required />
          <SelectField
            name="per"
            label={t.per}
            value={per}
            error={errors.per}
            options={[
              { value: 'day', label: t.perDay },
              { value: 'month', label: t.perMonth },
            ]}
          />
          <ul class="card-list">
            {files.map(([action, label, hint], i) => (
              <li key={action}>
                <button type="submit" class={i === 0 ? 'button' : 'button button--secondary'} formAction={action} aria-describedby={`export-hint-${i}`}>
                  {label}
                </button>
                <p class="muted" id={`export-hint-${i}`}>
                  {hint}
                </p>
              </li>
            ))}
          </ul>
        </form>
      </section>
      <section class="card" aria-labelledby="customers-export">
        <h2 id="customers-export">{t.customers}</h2>
        <p class="muted">{t.customersHint}</p>
        <p>
          <a class="button button--secondary" href={adminPaths.exportCustomers} download>
            {t.downloadCustomers}
          </a>
        </p>
      </section>
    </AdminLayout>
  );
}

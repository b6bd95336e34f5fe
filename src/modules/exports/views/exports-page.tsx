import { adminPaths } from '../../../platform/http/paths.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { ErrorSummary, TextField, type Errors } from '../../../ui/form.js';

const texts = {
  fr: {
    title: 'Exports',
    intro: 'Des fichiers CSV pour votre comptable, qu’Excel ouvre tels quels (séparateur «\u00a0;\u00a0», accents conservés).',
    bookings: 'Réservations d’une période',
    bookingsHint: 'Les réservations dont la date est comprise entre ces deux jours inclus, annulées comprises (colonne «\u00a0État\u00a0»).',
    from: 'Du',
    to: 'Au (inclus)',
    download: 'Télécharger les réservations (CSV)',
    customers: 'Clients',
    customersHint: 'Tous vos clients avec leurs coordonnées actuelles.',
    downloadCustomers: 'Télécharger les clients (CSV)',
    errors: 'Corrigez les points suivants',
  },
  en: {
    title: 'Exports',
    intro: 'CSV files for your accountant, which Excel opens as they are (“;” separator, accents kept).',
    bookings: 'Bookings of a period',
    bookingsHint: 'Bookings dated between these two days, both included, cancelled ones too (“État” column).',
    from: 'From',
    to: 'To (included)',
    download: 'Download the bookings (CSV)',
    customers: 'Customers',
    customersHint: 'All your customers with their current details.',
    downloadCustomers: 'Download the customers (CSV)',
    errors: 'Please fix the following',
  },
};

export function ExportsPage({ ctx, from, to, errors }: { ctx: AdminContext; from: string; to: string; errors: Errors }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.exports}>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <ErrorSummary errors={errors} title={t.errors} />
      <section class="card" aria-labelledby="bookings-export">
        <h2 id="bookings-export">{t.bookings}</h2>
        <p class="muted">{t.bookingsHint}</p>
        <form method="get" action={adminPaths.exportBookings}>
          <TextField name="from" type="date" label={t.from} value={from} error={errors.from} required />
          <TextField name="to" type="date" label={t.to} value={to} error={errors.to} required />
          <button type="submit" class="button">
            {t.download}
          </button>
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

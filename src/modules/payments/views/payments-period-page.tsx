import { adminPaths } from '../../../platform/http/paths.js';
import { formatCalendarDate, formatDateTime, formatPrice } from '../../../platform/i18n/format.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import type { Period } from '../../../platform/period.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { cellLabel } from '../../../platform/views/cell-label.js';
import { PeriodFilter, periodQuery } from '../../../platform/views/period-filter.js';
import { ErrorSummary, type Errors } from '../../../ui/form.js';
import type { PaymentPeriod } from '../payments.model.js';

/** Every method a record may carry, the online ones included; an unknown one shows as stored. */
export const methodLabels: Record<Locale, Record<string, string>> = {
  fr: { cash: 'Espèces', card_terminal: 'Carte bancaire (terminal)', cheque: 'Chèque', bank_transfer: 'Virement bancaire', stripe: 'Carte en ligne (Stripe)', paypal: 'PayPal' },
  en: { cash: 'Cash', card_terminal: 'Card (terminal)', cheque: 'Cheque', bank_transfer: 'Bank transfer', stripe: 'Card online (Stripe)', paypal: 'PayPal' },
};

const texts = {
  fr: {
    title: 'Paiements',
    intro: 'Les paiements reçus et leurs corrections sur une période (par jour de paiement), les totaux par moyen de paiement et les clôtures journalières du registre. Aucun enregistrement n’est jamais modifié ni supprimé\u00a0: une erreur se corrige par une correction.',
    errors: 'Corrigez les points suivants',
    totals: 'Totaux par moyen de paiement',
    total: 'Total',
    noTotals: 'Aucun paiement sur cette période.',
    entries: 'Paiements et corrections',
    day: 'Jour',
    kind: 'Type',
    kinds: { payment: 'Paiement', correction: 'Correction' } as Record<string, string>,
    method: 'Moyen',
    amount: 'Montant',
    booking: 'Réservation',
    bookingLink: (ref: string) => `Réservation ${ref}`,
    recordedBy: 'Enregistré par',
    recordedAt: 'le',
    reason: 'Motif',
    unknownAccount: 'compte supprimé',
    automatic: 'automatique',
    closings: 'Clôtures journalières',
    closingsIntro:
      'Chaque jour terminé est clos dans le registre avec ses totaux et une empreinte (SHA-256) qui scelle tous les enregistrements précédents. Notez ou transmettez à votre comptable l’empreinte de la dernière clôture\u00a0: toute modification ultérieure du registre la contredirait.',
    noClosings: 'Aucune clôture sur cette période.',
    records: 'Enregistrements',
    dayTotal: 'Total du jour',
    running: 'Cumul depuis le début',
    hash: 'Empreinte',
    exports: 'Pour votre comptable',
    csv: 'Télécharger les paiements de la période (CSV)',
  },
  en: {
    title: 'Payments',
    intro: 'Payments received and their corrections over a period (by payment day), the totals per payment method and the ledger’s daily closings. No record is ever changed or deleted: a mistake is put right by a correction.',
    errors: 'Please fix the following',
    totals: 'Totals per payment method',
    total: 'Total',
    noTotals: 'No payment in this period.',
    entries: 'Payments and corrections',
    day: 'Day',
    kind: 'Type',
    kinds: { payment: 'Payment', correction: 'Correction' } as Record<string, string>,
    method: 'Method',
    amount: 'Amount',
    booking: 'Booking',
    bookingLink: (ref: string) => `Booking ${ref}`,
    recordedBy: 'Recorded by',
    recordedAt: 'on',
    reason: 'Reason',
    unknownAccount: 'deleted account',
    automatic: 'automatic',
    closings: 'Daily closings',
    closingsIntro:
      'Each finished day is closed in the ledger with its totals and a fingerprint (SHA-256) that seals every record before it. Note the last closing’s fingerprint, or send it to your accountant: any later change to the ledger would contradict it.',
    noClosings: 'No closing in this period.',
    records: 'Records',
    dayTotal: 'Day’s total',
    running: 'Running total',
    hash: 'Fingerprint',
    exports: 'For your accountant',
    csv: 'Download the payments of the period (CSV)',
  },
};

export interface PaymentsPeriodView {
  period: Period;
  errors: Errors;
  /** Absent when the period was refused. */
  data?: PaymentPeriod;
  bookingReferences: Map<string, string>;
  accountNames: Map<string, string>;
  zone: string;
}

export function PaymentsPeriodPage({ ctx, view }: { ctx: AdminContext; view: PaymentsPeriodView }) {
  const t = texts[ctx.locale];
  const locale = ctx.locale;
  const { data } = view;
  const price = (cents: number) => formatPrice(cents, 'EUR', locale);
  const method = (m: string) => methodLabels[locale][m] ?? m;
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.payments}>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <ErrorSummary errors={view.errors} title={t.errors} />
      <PeriodFilter locale={locale} action={adminPaths.payments} from={view.period.from} to={view.period.to} errors={view.errors} />
      {data ? (
        <>
          <section aria-labelledby="totals">
            <h2 id="totals">{t.totals}</h2>
            {data.entries.length === 0 ? (
              <p>{t.noTotals}</p>
            ) : (
              <dl class="totals">
                {[...data.totalsByMethod].map(([m, cents]) => (
                  <>
                    <dt>{method(m)}</dt>
                    <dd>{price(cents)}</dd>
                  </>
                ))}
                <dt>
                  <strong>{t.total}</strong>
                </dt>
                <dd>
                  <strong>{price(data.totalCents)}</strong>
                </dd>
              </dl>
            )}
            <p class="actions-row">
              <a class="button button--secondary" href={`${adminPaths.exportPayments}${periodQuery(view.period)}`} download>
                {t.csv}
              </a>
            </p>
          </section>
          {data.entries.length > 0 ? (
            <section aria-labelledby="entries">
              <h2 id="entries">{t.entries}</h2>
              <table class="table-cards">
                <thead>
                  <tr>
                    <th scope="col">{t.day}</th>
                    <th scope="col">{t.kind}</th>
                    <th scope="col">{t.method}</th>
                    <th scope="col">{t.amount}</th>
                    <th scope="col">{t.booking}</th>
                    <th scope="col">{t.recordedBy}</th>
                    <th scope="col">{t.reason}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.entries.map((e) => {
                    const reference = view.bookingReferences.get(e.bookingId) ?? '—';
                    const who = e.recordedBy ? (view.accountNames.get(e.recordedBy) ?? t.unknownAccount) : t.automatic;
                    return (
                      <tr key={e.id}>
                        <td data-label={cellLabel(t.day, locale)}>{formatCalendarDate(e.paidOn, locale)}</td>
                        <td data-label={cellLabel(t.kind, locale)}>{t.kinds[e.kind] ?? e.kind}</td>
                        <td data-label={cellLabel(t.method, locale)}>{method(e.method)}</td>
                        <td data-label={cellLabel(t.amount, locale)}>{price(e.amountCents)}</td>
                        <td data-label={cellLabel(t.booking, locale)}>
                          <a href={adminPaths.booking(e.bookingId)} aria-label={t.bookingLink(reference)}>
                            {reference}
                          </a>
                        </td>
                        <td data-label={cellLabel(t.recordedBy, locale)}>
                          {who} {t.recordedAt} {formatDateTime(e.recordedAt, locale, view.zone)}
                        </td>
                        <td data-label={cellLabel(t.reason, locale)}>{e.reason ?? ''}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
          ) : null}
          <section aria-labelledby="closings">
            <h2 id="closings">{t.closings}</h2>
            <p>{t.closingsIntro}</p>
            {data.closings.length === 0 ? (
              <p>{t.noClosings}</p>
            ) : (
              <table class="table-cards">
                <thead>
                  <tr>
                    <th scope="col">{t.day}</th>
                    <th scope="col">{t.records}</th>
                    <th scope="col">{t.dayTotal}</th>
                    <th scope="col">{t.running}</th>
                    <th scope="col">{t.hash}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.closings.map((c) => (
                    <tr key={c.sequence}>
                      <td data-label={cellLabel(t.day, locale)}>{formatCalendarDate(c.day, locale)}</td>
                      <td data-label={cellLabel(t.records, locale)}>{c.records}</td>
                      <td data-label={cellLabel(t.dayTotal, locale)}>{price(c.totalCents)}</td>
                      <td data-label={cellLabel(t.running, locale)}>{price(c.runningTotalCents)}</td>
                      <td data-label={cellLabel(t.hash, locale)}>
                        <code class="hash">{c.hash}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      ) : null}
    </AdminLayout>
  );
}

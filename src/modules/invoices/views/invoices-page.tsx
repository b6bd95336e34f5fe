import { adminPaths } from '../../../platform/http/paths.js';
import { formatCalendarDate, formatPrice } from '../../../platform/i18n/format.js';
import type { Period } from '../../../platform/period.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { cellLabel } from '../../../platform/views/cell-label.js';
import { PeriodFilter, periodQuery } from '../../../platform/views/period-filter.js';
import type { Localized } from '../../../platform/i18n/locale.js';
import { ErrorSummary, Notice, type Errors } from '../../../ui/form.js';
import type { IssuedDocument } from '../invoice.model.js';

export interface PendingRow {
  bookingId: string;
  label: string;
  paidCents: number;
  since: string;
  missing: Localized;
}

const texts = {
  fr: {
    title: 'Factures et avoirs',
    intro: 'Chaque facture est émise quand un paiement est confirmé, numérotée sans trou par année, et n’est jamais modifiée ni supprimée\u00a0: une correction est un avoir. Chaque PDF est un fichier Factur-X (PDF/A-3 avec sa facture électronique XML).',
    errors: 'Corrigez les points suivants',
    none: 'Aucune facture ni aucun avoir sur cette période.',
    number: 'Numéro',
    type: 'Type',
    kinds: { invoice: 'Facture', credit_note: 'Avoir', deposit: 'Facture d’acompte' },
    issued: 'Émis le',
    buyer: 'Client',
    net: 'Total HT',
    gross: 'Total TTC',
    link: 'Lien',
    corrects: (n: string) => `Avoir sur ${n}`,
    creditedBy: (ns: string[]) => `Avoir${ns.length > 1 ? 's' : ''}\u00a0: ${ns.join(', ')}`,
    pdf: 'PDF',
    download: (n: string) => `PDF de ${n}`,
    summary: 'Sur la période',
    invoiced: (n: number) => `Facturé (${n} facture${n > 1 ? 's' : ''}), TTC`,
    credited: (n: number) => `Avoirs (${n}), TTC`,
    balance: 'Solde TTC',
    exports: 'Pour votre comptable',
    csv: 'Factures et avoirs de la période (CSV)',
    zip: 'Tous les PDF de la période (zip)',
    privateSales: 'Ventes aux particuliers par jour, TVA par taux (CSV)',
    pendingTitle: 'Factures en attente',
    pendingIntro: 'Ces réservations sont payées mais leur facture n’a pas pu être émise\u00a0: le paiement est bien enregistré. Complétez ce qui manque (paramètres de l’entreprise, ou coordonnées du client sur la réservation), puis émettez la facture.',
    booking: 'Réservation',
    paid: 'Payé',
    since: 'Depuis le',
    missing: 'Ce qui manque',
    issue: 'Émettre la facture',
    // A visible header: a visually hidden one, positioned absolutely, would escape the table's scroll box on a phone.
    pendingAction: 'Facture',
    issueLabel: (label: string) => `Émettre la facture de ${label}`,
    issuedNotice: (n: string) => `La facture ${n} est émise.`,
    refusedNotice: 'La facture n’a pas pu être émise\u00a0:',
  },
  en: {
    title: 'Invoices and credit notes',
    intro: 'Each invoice is issued when a payment is confirmed, numbered without gaps per year, and never changed or deleted: a correction is a credit note. Each PDF is a Factur-X file (PDF/A-3 carrying its XML e-invoice).',
    errors: 'Please fix the following',
    none: 'No invoice or credit note in this period.',
    number: 'Number',
    type: 'Type',
    kinds: { invoice: 'Invoice', credit_note: 'Credit note', deposit: 'Deposit invoice' },
    issued: 'Issued on',
    buyer: 'Customer',
    net: 'Total excl. VAT',
    gross: 'Total incl. VAT',
    link: 'Related',
    corrects: (n: string) => `Credit note on ${n}`,
    creditedBy: (ns: string[]) => `Credit note${ns.length > 1 ? 's' : ''}: ${ns.join(', ')}`,
    pdf: 'PDF',
    download: (n: string) => `PDF of ${n}`,
    summary: 'In this period',
    invoiced: (n: number) => `Invoiced (${n} invoice${n > 1 ? 's' : ''}), incl. VAT`,
    credited: (n: number) => `Credit notes (${n}), incl. VAT`,
    balance: 'Balance incl. VAT',
    exports: 'For your accountant',
    csv: 'Invoices and credit notes of the period (CSV)',
    zip: 'Every PDF of the period (zip)',
    privateSales: 'Sales to private customers per day, VAT per rate (CSV)',
    pendingTitle: 'Invoices waiting',
    pendingIntro: 'These bookings are paid but their invoice could not be issued: the payment is recorded. Complete what is missing (the business settings, or the customer’s details on the booking), then issue the invoice.',
    booking: 'Booking',
    paid: 'Paid',
    since: 'Since',
    missing: 'What is missing',
    issue: 'Issue the invoice',
    pendingAction: 'Invoice',
    issueLabel: (label: string) => `Issue the invoice of ${label}`,
    issuedNotice: (n: string) => `Invoice ${n} is issued.`,
    refusedNotice: 'The invoice could not be issued:',
  },
};

export interface InvoicesPageView {
  period: Period;
  errors: Errors;
  /** Absent when the period was refused. */
  documents?: IssuedDocument[];
  /** Each invoice's credit notes, whenever they were issued (an invoice of the period may be credited later). */
  creditNotesOf: Map<string, string[]>;
  /** Paid bookings whose invoice waits for a missing detail, each with its button to issue it. */
  pending?: PendingRow[];
  /** The number just issued from the waiting list (after its redirect). */
  issued?: string | undefined;
  /** The waiting invoice that could not be issued, and why. */
  refused?: { bookingId: string; message: string } | undefined;
}

export function InvoicesPage({ ctx, view }: { ctx: AdminContext; view: InvoicesPageView }) {
  const t = texts[ctx.locale];
  const locale = ctx.locale;
  const price = (cents: number) => formatPrice(cents, 'EUR', locale);
  const documents = view.documents;
  const invoices = documents?.filter((d) => d.type === 'invoice') ?? [];
  const credits = documents?.filter((d) => d.type === 'credit_note') ?? [];
  const sum = (ds: IssuedDocument[]) => ds.reduce((s, d) => s + d.grossCents, 0);
  const q = periodQuery(view.period);
  const pending = view.pending ?? [];
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.invoices}>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <ErrorSummary errors={view.errors} title={t.errors} />
      {view.issued ? <Notice kind="success">{t.issuedNotice(view.issued)}</Notice> : null}
      {view.refused ? (
        <Notice kind="warning">
          {t.refusedNotice} {view.refused.message}
        </Notice>
      ) : null}
      {pending.length > 0 ? (
        <section aria-labelledby="pending-title">
          <h2 id="pending-title">{t.pendingTitle}</h2>
          <p>{t.pendingIntro}</p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.booking}</th>
                  <th scope="col">{t.paid}</th>
                  <th scope="col">{t.since}</th>
                  <th scope="col">{t.missing}</th>
                  <th scope="col">{t.pendingAction}</th>
                </tr>
              </thead>
              <tbody>
                {pending.map((p) => (
                  <tr key={p.bookingId}>
                    <td>
                      <a href={adminPaths.booking(p.bookingId)}>{p.label}</a>
                    </td>
                    <td>{formatPrice(p.paidCents, 'EUR', ctx.locale)}</td>
                    <td>{formatCalendarDate(p.since.slice(0, 10), ctx.locale)}</td>
                    <td>{p.missing[ctx.locale]}</td>
                    <td>
                      <form method="post" action={adminPaths.invoiceIssuePending(p.bookingId)}>
                        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                        <button type="submit" class="button" aria-label={t.issueLabel(p.label)}>
                          {t.issue}
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <PeriodFilter locale={locale} action={adminPaths.invoices} from={view.period.from} to={view.period.to} errors={view.errors} />
      {documents ? (
        <>
          <section aria-labelledby="period-summary">
            <h2 id="period-summary">{t.summary}</h2>
            <dl class="totals">
              <dt>{t.invoiced(invoices.length)}</dt>
              <dd>{price(sum(invoices))}</dd>
              <dt>{t.credited(credits.length)}</dt>
              <dd>{price(-sum(credits))}</dd>
              <dt>
                <strong>{t.balance}</strong>
              </dt>
              <dd>
                <strong>{price(sum(invoices) - sum(credits))}</strong>
              </dd>
            </dl>
            <h3>{t.exports}</h3>
            <p class="actions-row">
              <a class="button button--secondary" href={`${adminPaths.exportInvoices}${q}`} download>
                {t.csv}
              </a>
              <a class="button button--secondary" href={`${adminPaths.exportInvoicePdfs}${q}`} download>
                {t.zip}
              </a>
              <a class="button button--secondary" href={`${adminPaths.exportPrivateSales}${q}&per=day`} download>
                {t.privateSales}
              </a>
            </p>
          </section>
          {documents.length === 0 ? (
            <p>{t.none}</p>
          ) : (
            <table class="table-cards">
              <thead>
                <tr>
                  <th scope="col">{t.number}</th>
                  <th scope="col">{t.type}</th>
                  <th scope="col">{t.issued}</th>
                  <th scope="col">{t.buyer}</th>
                  <th scope="col">{t.net}</th>
                  <th scope="col">{t.gross}</th>
                  <th scope="col">{t.link}</th>
                  <th scope="col">{t.pdf}</th>
                </tr>
              </thead>
              <tbody>
                {documents.map((d) => {
                  const sign = d.type === 'credit_note' ? -1 : 1;
                  const credited = view.creditNotesOf.get(d.number) ?? [];
                  return (
                    <tr key={d.id}>
                      <td data-label={cellLabel(t.number, locale)}>{d.number}</td>
                      <td data-label={cellLabel(t.type, locale)}>{d.type === 'invoice' && d.document.kind === 'deposit' ? t.kinds.deposit : t.kinds[d.type]}</td>
                      <td data-label={cellLabel(t.issued, locale)}>{formatCalendarDate(d.issueDate, locale)}</td>
                      <td data-label={cellLabel(t.buyer, locale)}>{d.buyer.name}</td>
                      <td data-label={cellLabel(t.net, locale)}>{price(sign * d.netCents)}</td>
                      <td data-label={cellLabel(t.gross, locale)}>{price(sign * d.grossCents)}</td>
                      <td data-label={cellLabel(t.link, locale)}>{d.correctsNumber ? t.corrects(d.correctsNumber) : credited.length ? t.creditedBy(credited) : ''}</td>
                      <td data-label={cellLabel(t.pdf, locale)}>
                        <a href={adminPaths.invoicePdf(d.number)} aria-label={t.download(d.number)} download={`${d.number}.pdf`}>
                          PDF
                        </a>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </AdminLayout>
  );
}

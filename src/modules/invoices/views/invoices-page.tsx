import { adminPaths } from '../../../platform/http/paths.js';
import { formatCalendarDate, formatPrice } from '../../../platform/i18n/format.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { Pager } from '../../../platform/views/status-list.js';
import type { Localized } from '../../../platform/i18n/locale.js';
import { Notice } from '../../../ui/form.js';
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
    none: 'Aucune facture pour l’instant.',
    number: 'Numéro',
    type: 'Type',
    kinds: { invoice: 'Facture', credit_note: 'Avoir' },
    issued: 'Émise le',
    buyer: 'Client',
    net: 'Total HT',
    gross: 'Total TTC',
    corrects: 'Corrige',
    pdf: 'PDF',
    download: (n: string) => `PDF de ${n}`,
    next: 'Page suivante',
    previous: 'Page précédente',
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
    none: 'No invoice yet.',
    number: 'Number',
    type: 'Type',
    kinds: { invoice: 'Invoice', credit_note: 'Credit note' },
    issued: 'Issued on',
    buyer: 'Customer',
    net: 'Total excl. VAT',
    gross: 'Total incl. VAT',
    corrects: 'Corrects',
    pdf: 'PDF',
    download: (n: string) => `PDF of ${n}`,
    next: 'Next page',
    previous: 'Previous page',
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

export function InvoicesPage(props: {
  ctx: AdminContext;
  documents: IssuedDocument[];
  page: number;
  hasNext: boolean;
  pending?: PendingRow[];
  issued?: string | undefined;
  refused?: { bookingId: string; message: string } | undefined;
}) {
  const { ctx, documents, page, hasNext, pending = [], issued, refused } = props;
  const t = texts[ctx.locale];
  const link = (p: number) => (p > 1 ? `${adminPaths.invoices}?page=${p}` : adminPaths.invoices);
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.invoices}>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {issued ? <Notice kind="success">{t.issuedNotice(issued)}</Notice> : null}
      {refused ? (
        <Notice kind="warning">
          {t.refusedNotice} {refused.message}
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
      {documents.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.number}</th>
                <th scope="col">{t.type}</th>
                <th scope="col">{t.issued}</th>
                <th scope="col">{t.buyer}</th>
                <th scope="col">{t.net}</th>
                <th scope="col">{t.gross}</th>
                <th scope="col">{t.corrects}</th>
                <th scope="col">{t.pdf}</th>
              </tr>
            </thead>
            <tbody>
              {documents.map((d) => (
                <tr key={d.id}>
                  <td>{d.number}</td>
                  <td>{t.kinds[d.type]}</td>
                  <td>{formatCalendarDate(d.issueDate, ctx.locale)}</td>
                  <td>{d.buyer.name}</td>
                  <td>{formatPrice(d.netCents, 'EUR', ctx.locale)}</td>
                  <td>{formatPrice(d.grossCents, 'EUR', ctx.locale)}</td>
                  <td>{d.correctsNumber ?? ''}</td>
                  <td>
                    <a href={adminPaths.invoicePdf(d.number)} aria-label={t.download(d.number)} download={`${d.number}.pdf`}>
                      PDF
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} hasNext={hasNext} link={link} previousLabel={t.previous} nextLabel={t.next} />
    </AdminLayout>
  );
}

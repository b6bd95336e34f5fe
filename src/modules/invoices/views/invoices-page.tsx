import { adminPaths } from '../../../platform/http/paths.js';
import { formatCalendarDate, formatPrice } from '../../../platform/i18n/format.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { Pager } from '../../../platform/views/status-list.js';
import type { IssuedDocument } from '../invoice.model.js';

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
  },
};

export function InvoicesPage(props: { ctx: AdminContext; documents: IssuedDocument[]; page: number; hasNext: boolean }) {
  const { ctx, documents, page, hasNext } = props;
  const t = texts[ctx.locale];
  const link = (p: number) => (p > 1 ? `${adminPaths.invoices}?page=${p}` : adminPaths.invoices);
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.invoices}>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
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

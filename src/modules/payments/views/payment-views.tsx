import { adminPaths } from '../../../platform/http/paths.js';
import { formatCalendarDate, formatPrice } from '../../../platform/i18n/format.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { ErrorSummary, SelectField, TextArea, TextField, type Errors } from '../../../ui/form.js';
import { PAYMENT_METHODS, type BookingLedger, type PaymentMethod, type PaymentStatus } from '../payments.model.js';

const NBSP = '\u00a0';

const texts = {
  fr: {
    invoices: 'Factures et avoirs',
    invoiceKinds: { invoice: 'Facture', credit_note: 'Avoir', deposit: 'Facture d’acompte' },
    pendingInvoice: 'Facture en attente\u00a0: le paiement est enregistré, mais la facture n’a pas pu être émise.',
    pendingAction: 'Émettre la facture depuis la page des factures',
    title: 'Paiements',
    status: { free: 'Gratuit', unpaid: 'Non payé', partly_paid: 'Partiellement payé', paid: 'Payé', overpaid: 'Trop-perçu' } satisfies Record<PaymentStatus, string>,
    method: { cash: 'Espèces', card_terminal: 'Carte bancaire (terminal)', cheque: 'Chèque', bank_transfer: 'Virement bancaire', stripe: 'En ligne par carte (Stripe)', paypal: 'En ligne (PayPal)' } satisfies Record<PaymentMethod, string>,
    summary: (paid: string, price: string) => `Reçu ${paid} sur ${price}.`,
    remaining: (amount: string) => `Reste à payer${NBSP}: ${amount}.`,
    over: (amount: string) => `Trop-perçu${NBSP}: ${amount} (le prix a baissé depuis le paiement)${NBSP}; rendez-le et enregistrez une correction.`,
    freeNote: `Cette réservation est gratuite${NBSP}: il n’y a rien à encaisser.`,
    none: 'Aucun paiement enregistré.',
    correction: (reason: string) => `Correction${NBSP}: ${reason}`,
    record: 'Enregistrer un paiement',
    recordHint: 'Un paiement reçu sur place. Il ne pourra plus être modifié ni supprimé, seulement corrigé.',
    methodLabel: 'Moyen de paiement',
    choose: 'Choisissez…',
    amountLabel: 'Montant (€)',
    amountHint: 'En euros, par exemple 49 ou 49,50.',
    paidOnLabel: 'Date du paiement',
    submit: 'Enregistrer le paiement',
    correct: 'Corriger un paiement',
    correctHint: 'Une erreur de saisie ou une somme rendue se corrige par une écriture négative, avec son motif. Le paiement d’origine reste visible.',
    correctsLabel: 'Paiement à corriger',
    correctionAmountLabel: 'Montant à reprendre (€)',
    reasonLabel: 'Motif de la correction',
    correctSubmit: 'Enregistrer la correction',
    option: (when: string, how: string, left: string) => `${when} — ${how} — reste ${left}`,
    errors: 'Le paiement n’a pas été enregistré. Corrigez ce qui est indiqué.',
    back: 'Retour à la réservation',
    pageTitle: (reference: string) => `Paiement — réservation ${reference}`,
    cancelled: 'Cette réservation est annulée.',
    refunds: 'Remboursements',
    refundStatus: {
      requested: (p: string) => `demandé à ${p}`,
      pending: (p: string) => `en cours chez ${p}`,
      succeeded: () => 'remboursé',
      failed: (p: string) => `refusé par ${p}`,
      by_hand: () => 'à rendre au client',
      given_back: () => 'rendu au client',
    },
    retry: 'Relancer',
    byHand: (amount: string, how: string) =>
      `Ce paiement a été reçu sur place (${how})${NBSP}: le logiciel ne peut pas le rembourser. Rendez ${amount} au client, puis enregistrez la correction ci-dessous (déjà remplie).`,
    lateNotice: (amount: string, provider: string) => `Paiement de ${amount} reçu par ${provider} après la libération de la place (délai de paiement dépassé)${NBSP}: il est remboursé automatiquement.`,
  },
  en: {
    invoices: 'Invoices and credit notes',
    invoiceKinds: { invoice: 'Invoice', credit_note: 'Credit note', deposit: 'Deposit invoice' },
    pendingInvoice: 'Invoice waiting: the payment is recorded, but the invoice could not be issued.',
    pendingAction: 'Issue the invoice from the invoices page',
    title: 'Payments',
    status: { free: 'Free', unpaid: 'Unpaid', partly_paid: 'Partly paid', paid: 'Paid', overpaid: 'Overpaid' } satisfies Record<PaymentStatus, string>,
    method: { cash: 'Cash', card_terminal: 'Card (terminal)', cheque: 'Cheque', bank_transfer: 'Bank transfer', stripe: 'Online by card (Stripe)', paypal: 'Online (PayPal)' } satisfies Record<PaymentMethod, string>,
    summary: (paid: string, price: string) => `Received ${paid} of ${price}.`,
    remaining: (amount: string) => `Left to pay: ${amount}.`,
    over: (amount: string) => `Overpaid: ${amount} (the price fell since the payment); give it back and record a correction.`,
    freeNote: 'This booking is free: there is nothing to take.',
    none: 'No payment recorded.',
    correction: (reason: string) => `Correction: ${reason}`,
    record: 'Record a payment',
    recordHint: 'A payment received on site. It cannot be changed or deleted afterwards, only corrected.',
    methodLabel: 'Payment method',
    choose: 'Choose…',
    amountLabel: 'Amount (€)',
    amountHint: 'In euros, e.g. 49 or 49.50.',
    paidOnLabel: 'Payment date',
    submit: 'Record the payment',
    correct: 'Correct a payment',
    correctHint: 'A typing mistake or money given back is corrected by a negative entry, with its reason. The original payment stays visible.',
    correctsLabel: 'Payment to correct',
    correctionAmountLabel: 'Amount to take back (€)',
    reasonLabel: 'Reason for the correction',
    correctSubmit: 'Record the correction',
    option: (when: string, how: string, left: string) => `${when} — ${how} — ${left} left`,
    errors: 'The payment was not recorded. Correct what is shown.',
    back: 'Back to the booking',
    pageTitle: (reference: string) => `Payment — booking ${reference}`,
    cancelled: 'This booking is cancelled.',
    refunds: 'Refunds',
    refundStatus: {
      requested: (p: string) => `asked of ${p}`,
      pending: (p: string) => `under way at ${p}`,
      succeeded: () => 'refunded',
      failed: (p: string) => `refused by ${p}`,
      by_hand: () => 'to give back to the customer',
      given_back: () => 'given back to the customer',
    },
    retry: 'Retry',
    byHand: (amount: string, how: string) =>
      `This payment was taken on site (${how}): the software cannot refund it. Give ${amount} back to the customer, then record the correction below (already filled in).`,
    lateNotice: (amount: string, provider: string) => `Payment of ${amount} received through ${provider} after the place was released (payment window lapsed): it is refunded automatically.`,
  },
};

const providerNames: Record<string, string> = { stripe: 'Stripe', paypal: 'PayPal' };

/** Where « Relancer » posts: a failed refund asked of its provider again. */
export const refundRetryPath = (bookingId: string, refundId: string) => `${adminPaths.booking(bookingId)}/remboursements/${refundId}/relancer`;

/** The booking's refunds and where each stands; « Relancer » beside a refused one; the amount to give back by hand. */
function RefundList({ ctx, ledger }: { ctx: AdminContext; ledger: BookingLedger }) {
  const t = texts[ctx.locale];
  const money = (cents: number, currency: string) => formatPrice(cents, currency, ctx.locale);
  return (
    <>
      {ledger.paidAfterRelease.map((late, i) => (
        <div key={i} class="notice notice--warning">
          {t.lateNotice(money(late.amountCents, late.currency), providerNames[late.provider] ?? late.provider)}
        </div>
      ))}
      {ledger.refunds.length ? (
        <>
          <h3>{t.refunds}</h3>
          <ul class="plain-list refund-list" aria-label={t.refunds}>
            {ledger.refunds.map((r) => (
              <li key={r.id}>
                {t.method[r.method]} — <strong>{money(r.amountCents, r.currency)}</strong> — {t.refundStatus[r.status](providerNames[r.method] ?? t.method[r.method])}
                {r.status === 'failed' ? (
                  <form method="post" action={refundRetryPath(ledger.booking.id, r.id)} class="inline-form">
                    <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                    <button type="submit" class="button button--secondary">
                      {t.retry}
                    </button>
                  </form>
                ) : null}
                {r.status === 'by_hand' ? <p class="notice notice--warning">{t.byHand(money(r.amountCents, r.currency), t.method[r.method])}</p> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** The correction form pre-filled with the first refund waiting to be given back by hand (the owner only checks and posts it). */
function withRefundByHand(ledger: BookingLedger, values: Record<string, string>, locale: Locale): Record<string, string> {
  const byHand = ledger.refunds.find((r) => r.status === 'by_hand');
  if (!byHand || Object.keys(values).length) return values;
  const amount = (byHand.amountCents / 100).toFixed(2);
  return { correctsId: byHand.paymentId, correctionAmount: locale === 'fr' ? amount.replace('.', ',') : amount, reason: byHand.reason };
}

const badgeClass: Record<PaymentStatus, string> = {
  free: 'badge',
  unpaid: 'badge',
  partly_paid: 'badge badge--pending',
  paid: 'badge badge--confirmed',
  overpaid: 'badge badge--pending',
};

export function paymentStatusLabel(status: PaymentStatus, locale: Locale): string {
  return texts[locale].status[status];
}

/** « Payé », « Partiellement payé », « Non payé »: a small badge (nothing for a free booking unless asked). */
export function PaymentBadge({ status, locale, showFree = false }: { status: PaymentStatus; locale: Locale; showFree?: boolean }) {
  if (status === 'free' && !showFree) return null;
  return <span class={`${badgeClass[status]} payment-badge`}>{texts[locale].status[status]}</span>;
}

export interface PaymentFormState {
  errors: Errors;
  values: Record<string, string>;
}

/** The booking page's « Paiements » section: where it stands, the entries, and the two forms. */
export function PaymentPanel({ ctx, ledger, today, form = { errors: {}, values: {} } }: { ctx: AdminContext; ledger: BookingLedger; today: string; form?: PaymentFormState }) {
  const t = texts[ctx.locale];
  const { booking } = ledger;
  const money = (cents: number) => formatPrice(cents, booking.currency, ctx.locale);
  const remaining = booking.priceCents - ledger.paidCents;
  const { errors } = form;
  const values = withRefundByHand(ledger, form.values, ctx.locale);
  const methodOptions = PAYMENT_METHODS.map((m) => ({ value: m, label: t.method[m] }));
  return (
    <section class="card payments" id="paiements" aria-labelledby="payments-heading">
      <h2 id="payments-heading">
        {t.title} <PaymentBadge status={ledger.status} locale={ctx.locale} showFree />
      </h2>
      {booking.priceCents > 0 ? (
        <p>
          {t.summary(money(ledger.paidCents), money(booking.priceCents))} {remaining > 0 ? t.remaining(money(remaining)) : remaining < 0 ? t.over(money(-remaining)) : null}
        </p>
      ) : (
        <p>{t.freeNote}</p>
      )}
      {ledger.entries.length === 0 ? (
        booking.priceCents > 0 ? <p class="muted">{t.none}</p> : null
      ) : (
        <ul class="plain-list payment-entries" aria-label={t.title}>
          {ledger.entries.map((e) => (
            <li key={e.id}>
              {formatCalendarDate(e.paidOn, ctx.locale)} — {t.method[e.method]} — <strong>{money(e.amountCents)}</strong>
              {e.kind === 'correction' ? ` — ${t.correction(e.reason ?? '')}` : ''}
            </li>
          ))}
        </ul>
      )}
      {ledger.invoicing?.pending ? (
        <div class="notice notice--warning">
          <p>
            {t.pendingInvoice} {ledger.invoicing.pending[ctx.locale]}
          </p>
          {ledger.invoicing.pendingUrl ? (
            <p>
              <a href={ledger.invoicing.pendingUrl}>{t.pendingAction}</a>
            </p>
          ) : null}
        </div>
      ) : null}
      {ledger.invoicing && ledger.invoicing.documents.length > 0 ? (
        <>
          <h3>{t.invoices}</h3>
          <ul class="plain-list">
            {ledger.invoicing.documents.map((d) => (
              <li key={d.number}>
                <a href={d.url} download={`${d.number}.pdf`}>
                  {d.deposit ? t.invoiceKinds.deposit : t.invoiceKinds[d.type]} {d.number}
                </a>{' '}
                — {money(d.grossCents)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <RefundList ctx={ctx} ledger={ledger} />
      {booking.priceCents > 0 && remaining > 0 && booking.status === 'confirmed' ? (
        <form method="post" action={adminPaths.bookingPayment(booking.id)} class="payment-form">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <h3>{t.record}</h3>
          <p class="muted">{t.recordHint}</p>
          <SelectField name="method" label={t.methodLabel} options={methodOptions} placeholder={t.choose} value={values.method} error={errors.method} required />
          <TextField name="amount" label={t.amountLabel} hint={t.amountHint} value={values.amount ?? ''} error={errors.amount} inputMode="decimal" size="short" required />
          <TextField name="paidOn" type="date" label={t.paidOnLabel} value={values.paidOn ?? today} max={today} error={errors.paidOn} size="short" />
          <button type="submit" class="button">
            {t.submit}
          </button>
        </form>
      ) : null}
      {ledger.correctable.length > 0 ? (
        <form method="post" action={adminPaths.bookingPaymentCorrection(booking.id)} class="payment-form">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <h3>{t.correct}</h3>
          <p class="muted">{t.correctHint}</p>
          <SelectField
            name="correctsId"
            label={t.correctsLabel}
            options={ledger.correctable.map(({ payment, remainingCents }) => ({ value: payment.id, label: t.option(formatCalendarDate(payment.paidOn, ctx.locale), t.method[payment.method], money(remainingCents)) }))}
            value={values.correctsId}
            error={errors.correctsId}
            required
          />
          <TextField name="correctionAmount" label={t.correctionAmountLabel} hint={t.amountHint} value={values.correctionAmount ?? ''} error={errors.correctionAmount} inputMode="decimal" size="short" required />
          <TextArea name="reason" label={t.reasonLabel} rows={2} value={values.reason} error={errors.reason} required />
          <button type="submit" class="button button--secondary">
            {t.correctSubmit}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** A refused payment or correction, shown again with each message beside its field (the booking page shows the same section). */
export function PaymentPage({ ctx, ledger, today, form }: { ctx: AdminContext; ledger: BookingLedger; today: string; form: PaymentFormState }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.pageTitle(ledger.booking.reference)} current={adminPaths.bookings}>
      <p>
        <a href={adminPaths.booking(ledger.booking.id)}>← {t.back}</a>
      </p>
      <h1>{t.pageTitle(ledger.booking.reference)}</h1>
      <p>{ledger.booking.label}</p>
      {ledger.booking.status === 'cancelled' ? <div class="notice notice--warning">{t.cancelled}</div> : null}
      <ErrorSummary errors={form.errors} title={t.errors} />
      <PaymentPanel ctx={ctx} ledger={ledger} today={today} form={form} />
    </AdminLayout>
  );
}

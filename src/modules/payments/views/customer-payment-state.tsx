import { formatDateTime, formatDuration, formatPrice } from '../../../platform/i18n/format.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import type { CustomerPaymentState } from '../payment-states.model.js';
import type { PaymentMethod } from '../payments.model.js';

const NBSP = '\u00a0';

const texts = {
  fr: {
    heading: 'Paiement',
    paid: 'Payée',
    paidHow: (amount: string, how: string) => `${amount} payés ${how}.`,
    deposit: (paid: string, rest: string) => `Acompte de ${paid} payé, ${rest} à régler sur place`,
    partly: (paid: string, rest: string) => `${paid} déjà payés, ${rest} à régler sur place`,
    onSite: 'À régler sur place',
    onSiteAmount: (amount: string) => `${amount} à régler le jour de la prestation.`,
    awaiting: 'En attente de votre paiement',
    awaitingAmount: (amount: string, deposit: boolean) => (deposit ? `Acompte à payer en ligne${NBSP}: ${amount}.` : `Montant à payer en ligne${NBSP}: ${amount}.`),
    held: (until: string, left: string) => `Votre place est retenue jusqu’au ${until} (encore ${left}). Passé ce délai, elle sera libérée et la réservation annulée.`,
    heldEnding: (until: string) => `Votre place est retenue jusqu’au ${until}. Le délai de paiement se termine.`,
    notConfirmed: 'Votre réservation sera confirmée dès que le paiement nous parvient.',
    resume: 'Reprendre le paiement',
    how: { stripe: 'en ligne par carte', paypal: 'en ligne par PayPal', cash: 'en espèces', card_terminal: 'par carte bancaire', cheque: 'par chèque', bank_transfer: 'par virement' } satisfies Record<PaymentMethod, string>,
    and: ' et ',
  },
  en: {
    heading: 'Payment',
    paid: 'Paid',
    paidHow: (amount: string, how: string) => `${amount} paid ${how}.`,
    deposit: (paid: string, rest: string) => `Deposit of ${paid} paid, ${rest} to pay on site`,
    partly: (paid: string, rest: string) => `${paid} already paid, ${rest} to pay on site`,
    onSite: 'To pay on site',
    onSiteAmount: (amount: string) => `${amount} to pay on the day.`,
    awaiting: 'Awaiting your payment',
    awaitingAmount: (amount: string, deposit: boolean) => (deposit ? `Deposit to pay online: ${amount}.` : `Amount to pay online: ${amount}.`),
    held: (until: string, left: string) => `Your place is held until ${until} (${left} left). After that, it will be released and the booking cancelled.`,
    heldEnding: (until: string) => `Your place is held until ${until}. The payment window is ending.`,
    notConfirmed: 'Your booking will be confirmed as soon as your payment reaches us.',
    resume: 'Resume payment',
    how: { stripe: 'online by card', paypal: 'online with PayPal', cash: 'in cash', card_terminal: 'by card', cheque: 'by cheque', bank_transfer: 'by bank transfer' } satisfies Record<PaymentMethod, string>,
    and: ' and ',
  },
};

/** « Payée », « Acompte de 30,00 € payé, 70,00 € à régler sur place », « En attente de votre paiement », « À régler sur place »: the one line a list shows; null when there is nothing to pay or say. */
export function customerPaymentHeadline(state: CustomerPaymentState, locale: Locale): string | null {
  const t = texts[locale];
  const money = (cents: number, currency: string) => formatPrice(cents, currency, locale);
  switch (state.kind) {
    case 'paid':
      return t.paid;
    case 'deposit_paid':
      return t.deposit(money(state.paidCents, state.currency), money(state.remainingCents, state.currency));
    case 'partly_paid':
      return t.partly(money(state.paidCents, state.currency), money(state.remainingCents, state.currency));
    case 'on_site':
      return t.onSite;
    case 'awaiting':
      return t.awaiting;
    default:
      return null;
  }
}

export interface CustomerPaymentSectionProps {
  locale: Locale;
  timezone: string;
  /** Now, for the time left to pay. */
  now: number;
  state: CustomerPaymentState;
  /** Where « Reprendre le paiement » posts (the private link's payment page); no button without it. */
  resumeAction?: string | undefined;
  /** The space's form token, when the form is the space's own. */
  csrfToken?: string | undefined;
}

/**
 * The customer's « Paiement » section (their booking page, their space): where the payment stands
 * in plain words, and while the place is held, the time left and a button that resumes the
 * checkout (a form: no script needed). Nothing for a free or a cancelled unpaid booking.
 */
export function CustomerPaymentSection({ locale, timezone, now, state, resumeAction, csrfToken }: CustomerPaymentSectionProps) {
  const t = texts[locale];
  const headline = customerPaymentHeadline(state, locale);
  if (!headline) return null;
  const money = (cents: number, currency: string) => formatPrice(cents, currency, locale);
  const how = (methods: PaymentMethod[]) => methods.map((m) => t.how[m]).join(t.and);
  return (
    <section class="card customer-payment" aria-labelledby="customer-payment-heading" data-payment-state={state.kind}>
      <h2 id="customer-payment-heading">{t.heading}</h2>
      <p>
        <strong class={state.kind === 'awaiting' ? 'badge badge--pending' : state.kind === 'paid' ? 'badge badge--confirmed' : 'badge'}>{headline}</strong>
      </p>
      {state.kind === 'paid' && state.methods.length > 0 ? <p>{t.paidHow(money(state.paidCents, state.currency), how(state.methods))}</p> : null}
      {state.kind === 'on_site' ? <p>{t.onSiteAmount(money(state.amountCents, state.currency))}</p> : null}
      {state.kind === 'awaiting' ? <AwaitingDetails locale={locale} timezone={timezone} now={now} state={state} resumeAction={resumeAction} csrfToken={csrfToken} /> : null}
    </section>
  );
}

function AwaitingDetails({ locale, timezone, now, state, resumeAction, csrfToken }: CustomerPaymentSectionProps & { state: Extract<CustomerPaymentState, { kind: 'awaiting' }> }) {
  const t = texts[locale];
  const minutesLeft = Math.ceil((Date.parse(state.holdUntil) - now) / 60_000);
  const until = formatDateTime(state.holdUntil, locale, timezone);
  return (
    <>
      <p>{t.awaitingAmount(formatPrice(state.amountCents, state.currency, locale), state.purpose === 'deposit')}</p>
      <p>{minutesLeft > 0 ? t.held(until, formatDuration(minutesLeft, locale)) : t.heldEnding(until)}</p>
      <p>{t.notConfirmed}</p>
      {resumeAction && minutesLeft > 0 ? (
        <form method="post" action={resumeAction}>
          {csrfToken ? <input type="hidden" name="_csrf" value={csrfToken} /> : null}
          <button type="submit" name="choice" value="retry" class="button button--primary">
            {t.resume}
          </button>
        </form>
      ) : null}
    </>
  );
}

/**
 * In a list of bookings (the customer's space): the time left and « Reprendre le paiement » for a
 * booking waiting for its payment, the button naming its booking for screen readers.
 */
export function ResumePaymentNote({ locale, timezone, now, state, action, reference }: { locale: Locale; timezone: string; now: number; state: Extract<CustomerPaymentState, { kind: 'awaiting' }>; action: string; reference: string }) {
  const t = texts[locale];
  const minutesLeft = Math.ceil((Date.parse(state.holdUntil) - now) / 60_000);
  const until = formatDateTime(state.holdUntil, locale, timezone);
  return (
    <>
      <p>
        {t.awaitingAmount(formatPrice(state.amountCents, state.currency, locale), state.purpose === 'deposit')} {minutesLeft > 0 ? t.held(until, formatDuration(minutesLeft, locale)) : t.heldEnding(until)}
      </p>
      {minutesLeft > 0 ? (
        <form method="post" action={action}>
          <button type="submit" name="choice" value="retry" class="button button--primary">
            {t.resume}
            <span class="visually-hidden"> — {reference}</span>
          </button>
        </form>
      ) : null}
    </>
  );
}

import type { ComponentChildren } from 'preact';
import { adminPaths } from '../../../platform/http/paths.js';
import { formatDateTime, formatPrice } from '../../../platform/i18n/format.js';
import type { AdminContext } from '../../../platform/views/admin-layout.js';
import type { PaymentFollowUps } from '../payment-states.model.js';
import type { ProviderName } from '../providers/provider.js';

const NBSP = '\u00a0';
const providerName: Record<ProviderName, string> = { stripe: 'Stripe', paypal: 'PayPal' };

const texts = {
  fr: {
    heading: 'À traiter',
    paidAfterRelease: (amount: string, provider: string) => `Paiement reçu après la libération de la place${NBSP}: ${amount} (${provider}). Remboursez ou proposez un autre créneau.`,
    amountMismatch: (amount: string, provider: string) => `Montant payé différent du montant demandé${NBSP}: ${amount} (${provider}). Vérifiez le paiement.`,
    awaiting: (count: number, since: string) => `${count} paiement${count > 1 ? 's' : ''} en ligne en attente, le plus ancien depuis le ${since}.`,
    failed: (amount: string, provider: string, at: string) => `Paiement refusé par ${provider}${NBSP}: ${amount}, le ${at}.`,
    booking: 'Voir la réservation',
    oldest: 'Voir la plus ancienne',
  },
  en: {
    heading: 'To deal with',
    paidAfterRelease: (amount: string, provider: string) => `Payment received after the place was released: ${amount} (${provider}). Refund it or offer another time.`,
    amountMismatch: (amount: string, provider: string) => `Amount paid differs from the amount asked: ${amount} (${provider}). Check the payment.`,
    awaiting: (count: number, since: string) => `${count} online payment${count > 1 ? 's' : ''} awaited, the oldest since ${since}.`,
    failed: (amount: string, provider: string, at: string) => `Payment refused by ${provider}: ${amount}, on ${at}.`,
    booking: 'See the booking',
    oldest: 'See the oldest',
  },
};

/**
 * The dashboard's « À traiter »: payments that came after their place was released (or for
 * another amount), online payments still awaited, and attempts the provider refused this past
 * week, each with a link to its booking (named by its reference when known). Nothing when all is well.
 */
export function PaymentFollowUpsSection({ ctx, followUps, references, more = [] }: { ctx: AdminContext; followUps: PaymentFollowUps; references: ReadonlyMap<string, string>; /** Other modules' items (<li>), listed first. */ more?: ComponentChildren[] }) {
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  const { attention, awaiting, failed } = followUps;
  if (more.length === 0 && attention.length === 0 && awaiting.count === 0 && failed.length === 0) return null;
  const money = (cents: number, currency: string) => formatPrice(cents, currency, ctx.locale);
  const bookingLink = (bookingId: string, label = t.booking) => (
    <a href={adminPaths.booking(bookingId)}>
      {label}
      {references.get(bookingId) ? ` ${references.get(bookingId)}` : ''}
    </a>
  );
  return (
    <section aria-labelledby="follow-ups-heading" class="payment-follow-ups">
      <h2 id="follow-ups-heading">{t.heading}</h2>
      <ul class="plain-list">
        {more}
        {attention.map((a) => (
          <li key={a.attemptId} class="notice notice--warning" data-follow-up={a.reason}>
            {(a.reason === 'paid_after_release' ? t.paidAfterRelease : t.amountMismatch)(money(a.amountCents, a.currency), providerName[a.provider])} {bookingLink(a.bookingId)}
          </li>
        ))}
        {awaiting.count > 0 ? (
          <li class="notice" data-follow-up="awaiting">
            {t.awaiting(awaiting.count, formatDateTime(awaiting.oldestSince!, ctx.locale, zone))} {awaiting.oldestBookingId ? bookingLink(awaiting.oldestBookingId, t.oldest) : null}
          </li>
        ) : null}
        {failed.map((f) => (
          <li key={f.attemptId} class="notice" data-follow-up="failed">
            {t.failed(money(f.amountCents, f.currency), providerName[f.provider], formatDateTime(f.at, ctx.locale, zone))} {bookingLink(f.bookingId)}
          </li>
        ))}
      </ul>
    </section>
  );
}

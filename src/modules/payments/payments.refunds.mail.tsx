import type { BusinessProfile } from '../../platform/business.js';
import { formatPrice } from '../../platform/i18n/format.js';
import { mailFooterText, MailLayout, renderMailHtml } from '../../platform/mail/mail-layout.js';
import type { RefundRecipient } from './payments.refunds.js';
import type { Refund } from './payments.refunds.queries.js';

const providerNames: Record<string, string> = { stripe: 'Stripe', paypal: 'PayPal' };

/** The customer's mail once a provider made a refund: how much, through whom, and when the bank shows it; in their language. */
export function refundMail(input: { business: BusinessProfile; recipient: RefundRecipient; refund: Pick<Refund, 'amountCents' | 'currency' | 'method'> }): { subject: string; text: string; html: string } {
  const { business, recipient, refund } = input;
  const fr = recipient.locale === 'fr';
  const amount = formatPrice(refund.amountCents, refund.currency, recipient.locale);
  const through = providerNames[refund.method] ?? refund.method;
  const subject = fr ? `Remboursement de ${amount} — réservation ${recipient.reference}` : `Refund of ${amount} — booking ${recipient.reference}`;
  const paragraphs = fr
    ? [
        'Bonjour,',
        `Nous vous avons remboursé ${amount} pour votre réservation ${recipient.reference} (${recipient.serviceName}), par ${through}, le moyen de paiement que vous aviez utilisé.`,
        'Le montant apparaîtra sur votre compte sous 5 à 10\u00a0jours ouvrés selon votre banque.',
      ]
    : [
        'Hello,',
        `We have refunded ${amount} for your booking ${recipient.reference} (${recipient.serviceName}) through ${through}, the way you paid.`,
        'The amount will show on your account within 5 to 10 working days, depending on your bank.',
      ];
  const text = [...paragraphs, '', '--', mailFooterText(business)].join('\n');
  const html = renderMailHtml(
    <MailLayout locale={recipient.locale} business={business}>
      {paragraphs.map((p) => (
        <p style="margin:0 0 12px">{p}</p>
      ))}
    </MailLayout>,
  );
  return { subject, text, html };
}

import type { BusinessProfile } from '../../platform/business.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { PaymentOffer } from '../../platform/payment-offer.js';

/** « espèces, carte bancaire ou chèque »: a list joined as each language writes it. */
function joined(items: string[], locale: Locale): string {
  if (items.length <= 1) return items.join('');
  const last = items[items.length - 1]!;
  return `${items.slice(0, -1).join(', ')} ${locale === 'fr' ? 'ou' : 'or'} ${last}`;
}

/**
 * Article 4 of the terms: how and when the customer pays, from the offer the code is configured
 * for (on site always; online and deposits only through the providers whose keys are set), that
 * card data goes to the provider and never to us, and the invoice issued on payment and kept 10 years.
 */
export function paymentParagraphs(business: BusinessProfile, offer: PaymentOffer, locale: Locale): string[] {
  const fr = locale === 'fr';
  const onSite = joined(offer.onSite.map((m) => m[locale]), locale);
  const providers = offer.online.map((p) => p.name);
  const online = joined(providers, locale);
  // Deposits exist only online: the invoice sentence mentions them only then.
  const each = providers.length > 0 ? (fr ? ', pour chaque paiement (acompte et solde compris)' : ', for each payment (deposit and balance included)') : '';
  const invoice = fr
    ? `Une facture est émise dès que le paiement est reçu${each}\u00a0; ${business.legalName} la conserve dix ans (article L123-22 du code de commerce) et en adresse une copie au client sur simple demande à ${business.email}.`
    : `An invoice is issued as soon as the payment is received${each}; ${business.legalName} keeps it for ten years (article L123-22 of the French commercial code) and sends the customer a copy on request to ${business.email}.`;
  if (providers.length === 0) {
    return [
      fr
        ? `Le prix est payable sur place, le jour de la prestation, auprès de ${business.legalName}, par ${onSite}.`
        : `The price is paid on site, on the day of the service, to ${business.legalName}, by ${onSite}.`,
      invoice,
    ];
  }
  return fr
    ? [
        'Selon ce que propose la page de chaque prestation, le client choisit, au moment de réserver\u00a0:',
        `• de payer en ligne à la réservation, par ${online}\u00a0; la réservation est confirmée lorsque ${providers.length > 1 ? 'le prestataire de paiement' : online} confirme le paiement, et le créneau est libéré si le paiement n’aboutit pas dans le délai indiqué pendant le paiement\u00a0;`,
        `• de payer sur place, le jour de la prestation, auprès de ${business.legalName}, par ${onSite}\u00a0;`,
        `• lorsque la prestation le prévoit, de verser en ligne à la réservation un acompte dont le montant est indiqué avant le paiement, le solde étant payé sur place le jour de la prestation.`,
        `Le paiement en ligne se fait sur la page sécurisée de ${online}\u00a0: les données de carte bancaire ou de compte y sont saisies directement et ne sont jamais transmises à ${business.legalName}, qui ne les reçoit ni ne les conserve.`,
        invoice,
      ]
    : [
        'Depending on what each service page offers, the customer chooses, when booking:',
        `• to pay online when booking, with ${online}; the booking is confirmed when ${providers.length > 1 ? 'the payment provider' : online} confirms the payment, and the slot is released if the payment does not go through within the time shown during payment;`,
        `• to pay on site, on the day of the service, to ${business.legalName}, by ${onSite};`,
        '• where the service allows it, to pay a deposit online when booking, its amount shown before payment, the balance being paid on site on the day of the service.',
        `Online payment takes place on ${online}’s secure page: card or account details are typed there directly and are never passed on to ${business.legalName}, which neither receives nor keeps them.`,
        invoice,
      ];
}

/** Article 5: what a cancellation refunds. */
export function cancellationRefundParagraph(business: BusinessProfile, offer: PaymentOffer, locale: Locale): string {
  const online = offer.online.length > 0;
  return locale === 'fr'
    ? `Lorsque le client a déjà payé, une annulation faite avant l’heure limite, ou par ${business.legalName}, est remboursée en totalité${online ? ', par le moyen de paiement utilisé (un paiement en ligne est remboursé par le même prestataire)' : ', par le moyen de paiement utilisé'}\u00a0; après l’heure limite, la règle d’annulation indiquée lors de la réservation s’applique. Tout remboursement donne lieu à un avoir.`
    : `Where the customer has already paid, a cancellation made before the deadline, or by ${business.legalName}, is refunded in full${online ? ', by the means of payment used (an online payment is refunded through the same provider)' : ', by the means of payment used'}; after the deadline, the cancellation rule shown when booking applies. Every refund comes with a credit note.`;
}

/** Article 6: how a withdrawal is refunded (L221-24, L221-25). */
export function withdrawalRefundParagraph(business: BusinessProfile, locale: Locale): string {
  return locale === 'fr'
    ? `En cas de rétractation, ${business.legalName} rembourse tous les paiements reçus au plus tard quatorze jours après avoir été informé de la décision du client (article L221-24), par le moyen de paiement utilisé, déduction faite, le cas échéant, du montant correspondant à la part de la prestation déjà fournie à sa demande expresse.`
    : `On withdrawal, ${business.legalName} refunds every payment received no later than fourteen days after being told of the customer’s decision (article L221-24), by the means of payment used, less, where applicable, the amount for the part of the service already provided at their express request.`;
}

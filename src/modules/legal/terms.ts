import type { BusinessProfile } from '../../platform/business.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { LegalDocument } from '../../platform/legal-document.js';
import type { PaymentOffer } from '../../platform/payment-offer.js';
import { cancellationRefundParagraph, paymentParagraphs, withdrawalRefundParagraph } from './terms-payment.js';

/**
 * The terms of sale (conditions générales de vente) for booked services. They describe
 * what the running code does (booking, confirmation, moves and cancellations online until the
 * cut-off, the customer's space, how and when to pay as configured) and the consumer rights French law grants.
 * Changing this text publishes a new version; each booking records the one it accepted.
 */
export function termsDocument(business: BusinessProfile, locale: Locale, offer: PaymentOffer): LegalDocument {
  const a = business.address;
  const identity = [
    `${business.legalName}, ${business.legalForm}`,
    `${a.line1}, ${a.postalCode} ${a.city}`,
    business.siret ? `SIRET ${business.siret}` : null,
    business.vatNumber ? (locale === 'fr' ? `TVA intracommunautaire ${business.vatNumber}` : `VAT number ${business.vatNumber}`) : null,
  ]
    .filter(Boolean)
    .join(', ');
  const m = business.mediator;

  if (locale === 'fr') {
    return {
      title: 'Conditions générales de vente',
      intro: `Les présentes conditions générales de vente (CGV) s’appliquent à toute réservation de prestation effectuée sur le site ${business.website} auprès de ${identity}.`,
      sections: [
        {
          heading: '1. Acceptation',
          paragraphs: [
            'Le client accepte les CGV en vigueur au moment de sa réservation, en cochant la case prévue à cet effet. La version acceptée est enregistrée avec la réservation et reste consultable.',
          ],
        },
        {
          heading: '2. Prestations et prix',
          paragraphs: [
            'Chaque prestation est décrite sur le site avec sa durée et son prix.',
            business.vatExempt
              ? 'Les prix sont indiqués en euros. TVA non applicable, article 293 B du code général des impôts.'
              : 'Les prix sont indiqués en euros, toutes taxes comprises (TTC).',
            'Le prix applicable est celui affiché au moment de la réservation.',
          ],
        },
        {
          heading: '3. Réservation',
          paragraphs: [
            'Le client choisit une prestation, un jour et un horaire parmi les créneaux disponibles, puis renseigne ses coordonnées. La réservation est ferme dès l’affichage de la page de confirmation, qui indique sa référence.',
            ...(offer.online.length > 0 ? ['Lorsque le client choisit de payer en ligne, ou de verser un acompte, la réservation n’est ferme qu’une fois le paiement confirmé par le prestataire de paiement (article 4)\u00a0; jusque-là, le créneau lui est réservé pendant le délai de paiement indiqué.'] : []),
            'Une confirmation est envoyée par e-mail à l’adresse indiquée, avec un fichier d’agenda et un lien personnel permettant de consulter, de déplacer et d’annuler la réservation.',
            'Le client retrouve aussi toutes ses réservations dans son espace client («\u00a0Mon espace\u00a0»), où il entre par un lien de connexion envoyé à l’adresse e-mail de ses réservations.',
          ],
        },
        {
          heading: '4. Paiement',
          paragraphs: paymentParagraphs(business, offer, 'fr'),
        },
        {
          heading: '5. Annulation et modification',
          paragraphs: [
            `Le client peut déplacer sa réservation vers un autre créneau libre de la même prestation, ou l’annuler sans frais, depuis son espace client ou son lien personnel, jusqu’à l’heure limite indiquée sur sa réservation\u00a0: 24\u00a0heures avant le début de la prestation, sauf si la prestation en prévoit une autre.`,
            `Après cette heure limite, la réservation ne peut plus être modifiée en ligne\u00a0: le client demande son déplacement ou son annulation ${business.phone ? `par téléphone au ${business.phone} ou ` : ''}en écrivant à ${business.email}.`,
            `En cas d’empêchement, ${business.legalName} peut déplacer ou annuler une réservation\u00a0; le client en est aussitôt informé par e-mail et, en cas d’annulation, ne doit rien.`,
            cancellationRefundParagraph(business, offer, 'fr'),
          ],
        },
        {
          heading: '6. Droit de rétractation',
          paragraphs: [
            `Le client consommateur dispose d’un délai de quatorze jours à compter de sa réservation pour se rétracter, sans avoir à se justifier (article L221-18 du code de la consommation), en écrivant à ${business.email} ou par courrier, à tout moment pendant ce délai, même après l’heure limite d’annulation en ligne, qui ne restreint jamais ce droit\u00a0; avant cette heure limite, il peut aussi annuler depuis son espace client ou son lien personnel.`,
            'S’il demande expressément que la prestation commence avant la fin de ce délai, il reste redevable, en cas de rétractation, d’un montant proportionnel à ce qui a été fourni (article L221-25).',
            withdrawalRefundParagraph(business, 'fr'),
            'Ce droit ne s’applique pas aux prestations de loisirs fournies à une date déterminée (article L221-28, 12°), ni aux prestations pleinement exécutées avant la fin du délai lorsque le client l’a expressément demandé et a reconnu perdre son droit (article L221-28, 1°). La page de chaque prestation indique le régime qui s’y applique.',
          ],
        },
        {
          heading: '7. Données personnelles',
          paragraphs: ['Les données recueillies lors de la réservation sont traitées comme le décrit notre politique de confidentialité.'],
        },
        {
          heading: '8. Réclamations et médiation',
          paragraphs: [
            `Toute réclamation peut être adressée à ${business.email} ou par courrier à ${business.legalName}, ${a.line1}, ${a.postalCode} ${a.city}.`,
            m
              ? `En cas de litige non résolu, le client consommateur peut recourir gratuitement au médiateur de la consommation\u00a0: ${m.name}, ${m.address}, ${m.website}.`
              : 'En cas de litige non résolu, le client consommateur peut saisir les juridictions compétentes.',
          ],
        },
        {
          heading: '9. Droit applicable',
          paragraphs: [
            'Les présentes CGV sont soumises au droit français. Le consommateur conserve la protection que lui assurent les dispositions impératives de la loi de son pays de résidence.',
          ],
        },
      ],
    };
  }
  return {
    title: 'Terms of sale',
    intro: `These terms of sale apply to every booking of a service made on ${business.website} with ${identity}. The French version is the reference text.`,
    sections: [
      {
        heading: '1. Acceptance',
        paragraphs: [
          'The customer accepts the terms in force when booking, by ticking the box provided. The accepted version is recorded with the booking and can always be read again.',
        ],
      },
      {
        heading: '2. Services and prices',
        paragraphs: [
          'Each service is described on the site with its duration and price.',
          business.vatExempt
            ? 'Prices are in euros. VAT not applicable, article 293 B of the French general tax code.'
            : 'Prices are in euros, including VAT.',
          'The price that applies is the one shown when booking.',
        ],
      },
      {
        heading: '3. Booking',
        paragraphs: [
          'The customer chooses a service, a day and a time among the available slots, then gives their details. The booking is firm as soon as the confirmation page, which shows its reference, is displayed.',
          ...(offer.online.length > 0 ? ['When the customer chooses to pay online, or to pay a deposit, the booking is firm only once the payment provider confirms the payment (article 4); until then, the slot is held for them for the payment time shown.'] : []),
          'A confirmation is sent to the e-mail address given, with a calendar file and a private link to view, move and cancel the booking.',
          'The customer also finds all their bookings in their customer space ("My space"), which they enter with a sign-in link sent to the e-mail address of their bookings.',
        ],
      },
      {
        heading: '4. Payment',
        paragraphs: paymentParagraphs(business, offer, 'en'),
      },
      {
        heading: '5. Cancellation and changes',
        paragraphs: [
          'The customer may move their booking to another free slot of the same service, or cancel it free of charge, from their customer space or their private link, until the deadline shown on their booking: 24 hours before the service starts, unless the service sets another one.',
          `After that deadline, the booking can no longer be changed online: the customer asks for it to be moved or cancelled ${business.phone ? `by phone on ${business.phone} or ` : ''}by writing to ${business.email}.`,
          `If prevented, ${business.legalName} may move or cancel a booking; the customer is told by e-mail at once and, if it is cancelled, owes nothing.`,
          cancellationRefundParagraph(business, offer, 'en'),
        ],
      },
      {
        heading: '6. Right of withdrawal',
        paragraphs: [
          `A consumer has fourteen days from booking to withdraw without giving any reason (article L221-18 of the French consumer code), by writing to ${business.email} or by post, at any time within that period, even after the online cancellation deadline, which never restricts this right; before that deadline, they may also cancel from their customer space or their private link.`,
          'If they expressly ask for the service to start before this period ends, they owe, on withdrawal, an amount in proportion to what has been provided (article L221-25).',
          withdrawalRefundParagraph(business, 'en'),
          'The right does not apply to leisure services supplied on a set date (article L221-28, 12°), nor to services fully performed before the period ends when the customer expressly asked for it and acknowledged losing the right (article L221-28, 1°). Each service page states which rule applies.',
        ],
      },
      {
        heading: '7. Personal data',
        paragraphs: ['Data collected when booking is processed as our privacy policy describes.'],
      },
      {
        heading: '8. Complaints and mediation',
        paragraphs: [
          `Complaints can be sent to ${business.email} or by post to ${business.legalName}, ${a.line1}, ${a.postalCode} ${a.city}.`,
          m
            ? `If a dispute is not resolved, a consumer may refer it free of charge to the consumer mediator: ${m.name}, ${m.address}, ${m.website}.`
            : 'If a dispute is not resolved, a consumer may bring it before the competent courts.',
        ],
      },
      {
        heading: '9. Governing law',
        paragraphs: [
          'These terms are governed by French law. Consumers keep the protection of the mandatory provisions of the law of their country of residence.',
        ],
      },
    ],
  };
}

/** What the booking page, the confirmation and the mail say about withdrawal for one service. */
export function withdrawalStatement(
  policy: string,
  locale: Locale,
  options: { startsWithinWithdrawalPeriod: boolean },
): { text: string; earlyPerformance?: { label: string; required: boolean } } {
  const fr = locale === 'fr';
  switch (policy) {
    case 'dated_leisure':
      return {
        text: fr
          ? 'Pas de droit de rétractation\u00a0: cette prestation de loisirs est fournie à une date déterminée (article L221-28, 12° du code de la consommation). Vous pouvez toutefois la déplacer ou l’annuler sans frais en ligne jusqu’à l’heure limite indiquée sur votre réservation (par défaut 24\u00a0heures avant son début), puis par téléphone ou par e-mail.'
          : 'No right of withdrawal: this leisure service is supplied on a set date (article L221-28, 12° of the French consumer code). You may still move or cancel it free of charge online until the deadline shown on your booking (by default 24 hours before it starts), then by phone or e-mail.',
      };
    case 'performed_at_request':
      return {
        text: fr
          ? 'Cette prestation est pleinement exécutée à votre demande avant la fin du délai de rétractation de 14 jours\u00a0; une fois exécutée, vous ne pouvez plus vous rétracter (article L221-28, 1° du code de la consommation). Vous pouvez la déplacer ou l’annuler sans frais en ligne jusqu’à l’heure limite indiquée sur votre réservation (par défaut 24\u00a0heures avant son début), puis par téléphone ou par e-mail.'
          : 'This service is fully performed at your request before the 14-day withdrawal period ends; once performed, you can no longer withdraw (article L221-28, 1° of the French consumer code). You may move or cancel it free of charge online until the deadline shown on your booking (by default 24 hours before it starts), then by phone or e-mail.',
        earlyPerformance: {
          label: fr
            ? 'Je demande que la prestation soit exécutée avant la fin du délai de rétractation et je reconnais perdre mon droit de rétractation une fois qu’elle aura été pleinement exécutée.'
            : 'I ask for the service to be performed before the withdrawal period ends and I acknowledge that I lose my right of withdrawal once it has been fully performed.',
          required: true,
        },
      };
    default:
      return {
        text: fr
          ? 'Vous disposez de 14 jours à compter de la réservation pour vous rétracter, sans avoir à vous justifier (article L221-18 du code de la consommation)\u00a0: écrivez-nous à tout moment pendant ce délai, même après l’heure limite d’annulation en ligne\u00a0; avant celle-ci (par défaut 24\u00a0heures avant le début de la prestation), vous pouvez aussi annuler depuis votre espace client ou votre lien personnel.'
          : 'You have 14 days from booking to withdraw, without giving any reason (article L221-18 of the French consumer code): write to us at any time within that period, even after the online cancellation deadline; before that deadline (by default 24 hours before the service starts), you may also cancel from your customer space or your private link.',
        ...(options.startsWithinWithdrawalPeriod
          ? {
              // L221-25: the service may start inside the period only at the consumer's express request; the form offers a later date instead.
              earlyPerformance: {
                label: fr
                  ? 'Je demande que la prestation commence à la date choisie, avant la fin de mon délai de rétractation. Je garde le droit de me rétracter pendant ces 14\u00a0jours, mais je paierai alors la part de la prestation déjà effectuée (la totalité si elle est terminée).'
                  : 'I ask for the service to start on the date I chose, before my withdrawal period ends. I keep the right to withdraw within these 14 days, but I will then pay for the part of the service already performed (all of it if it is finished).',
                required: true,
              },
            }
          : {}),
      };
  }
}

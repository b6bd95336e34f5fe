import { defineErrors, defineFieldMessages } from '../../platform/http/errors.js';

export const catalogErrors = defineErrors({
  SERVICE_NOT_FOUND: {
    status: 404,
    fr: 'Cette prestation n’existe pas ou n’est plus proposée.',
    en: 'This service does not exist or is no longer offered.',
  },
  SLUG_TAKEN: {
    status: 409,
    field: 'slug',
    fr: 'Une autre prestation utilise déjà cet identifiant d’adresse\u00a0; choisissez-en un autre.',
    en: 'Another service already uses this URL name; choose another one.',
  },
  SERVICE_HAS_BOOKINGS: {
    status: 409,
    fr: 'Cette prestation a des réservations, passées ou à venir\u00a0: elle ne peut pas être supprimée. Pour la retirer du site, décochez «\u00a0Proposer cette prestation à la réservation\u00a0».',
    en: 'This service has bookings, past or upcoming: it cannot be deleted. To take it off the site, untick “Offer this service for booking”.',
  },
  CLOSURE_NOT_FOUND: {
    status: 404,
    fr: 'Cette fermeture n’existe pas ou a déjà été supprimée.',
    en: 'This closure does not exist or has already been deleted.',
  },
});

/** The sentences of the catalog's checks that a schema cannot make, beside their field inside VALIDATION_FAILED. */
export const catalogFieldMessages = defineFieldMessages({
  PROVIDER_NOT_CONFIGURED: {
    field: 'paymentOptions',
    fr: 'Ce moyen de paiement en ligne n’est pas configuré sur ce site (ses clés manquent) : décochez-le ou demandez à votre prestataire technique de le configurer.',
    en: 'This online payment method is not configured on this site (its keys are missing): untick it or ask your technical provider to configure it.',
  },
  CLOSURE_ENDS_BEFORE_START: {
    field: 'endDate',
    fr: 'La fin de la fermeture doit être après son début.',
    en: 'The closure must end after it starts.',
  },
});

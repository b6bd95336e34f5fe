import type { Recipient } from './privacy-register.js';

/**
 * The recipients several activities share. Where they are is the deployment's: the business
 * hosts the site and picks its e-mail provider (SMTP_URL) inside the European Union, as the
 * operations guide asks (docs/operations.md); a provider outside it would need its own
 * recipient with safeguards, which the register would then have to name.
 */
const EU = { fr: 'Union européenne', en: 'European Union' };

export const hostingProvider: Recipient = {
  fr: 'nos prestataires d’hébergement, en qualité de sous-traitants',
  en: 'our hosting provider, as a processor',
  role: 'processor',
  country: EU,
};

export const emailProvider: Recipient = {
  fr: 'notre prestataire d’envoi d’e-mails, en qualité de sous-traitant',
  en: 'our e-mail delivery provider, as a processor',
  role: 'processor',
  country: EU,
};

export const hostingAndEmailProviders: Recipient = {
  fr: 'nos prestataires d’hébergement et d’envoi d’e-mails, en qualité de sous-traitants',
  en: 'our hosting and e-mail providers, as processors',
  role: 'processor',
  country: EU,
};

export const inTheEuropeanUnion = EU;

import type { Recipient } from './privacy-register.js';

/**
 * The recipients several activities share. Where they are is the deployment's choice: the
 * operations guide (docs/operations.md, « Where the data goes ») asks for a host and an e-mail
 * provider (SMTP_URL) in the European Union, which is what these say; a provider outside it
 * needs its own recipient here, with the safeguards of the transfer.
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

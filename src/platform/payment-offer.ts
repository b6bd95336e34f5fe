import type { Localized } from './i18n/locale.js';

/**
 * How customers can pay, as the terms of sale and the privacy policy state it: plain data made by
 * the payments module from what the code is configured to do (app.ts passes it on), so the
 * texts say nothing of a provider whose keys are not set.
 */
export interface PaymentOffer {
  /** Methods taken on site, as the owner records them (« espèces », « carte bancaire »…). */
  onSite: Localized[];
  /** Online payment providers whose keys are set, in the order shown to the customer. */
  online: OnlineProcessor[];
}

export interface OnlineProcessor {
  /** "Stripe", "PayPal": the name the customer sees. */
  name: string;
  /** The company that contracts with European customers, and its country. */
  entity: string;
  country: Localized;
  /** What protects the data it sends outside the European Union. */
  safeguards: Localized;
  /** What our code sends it for a payment (providers/*.ts), as a list a sentence can take. */
  receives: Localized;
  /** Its own privacy policy, which the customer should read. */
  privacyPolicy: string;
}

/** Nothing online: the price is paid on site (the state of a site without provider keys). */
export const onSiteOnly = (onSite: Localized[]): PaymentOffer => ({ onSite, online: [] });

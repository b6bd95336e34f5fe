import type { Localized } from '../../platform/i18n/locale.js';
import type { OnlineProcessor } from '../../platform/payment-offer.js';
import type { ModuleRegister } from '../../platform/privacy-register.js';
import type { NoticeRecipient } from './restrictions.model.js';

/**
 * What the owner must do for each payment provider when a person's data is rectified, erased or
 * restricted. This software calls no provider's erasure: Stripe's redaction jobs are a preview
 * API, and PayPal has none for a merchant; the owner acts in the provider's dashboard and records it.
 */
const providerGuidance: Record<string, Localized> = {
  Stripe: {
    fr: 'Rectification ou limitation\u00a0: rien à transmettre, Stripe ne traite plus ces données pour notre compte une fois le paiement fait et reste responsable de ses propres traitements (lutte contre la fraude, obligations légales). Effacement\u00a0: supprimez les données personnelles des paiements de cette personne dans le tableau de bord Stripe (suppression dite «\u00a0redaction\u00a0»\u00a0; ce logiciel ne le fait pas lui-même), puis notez-le ici. Stripe garde ce que ses propres obligations légales exigent.',
    en: 'Rectification or restriction: nothing to pass on; Stripe no longer processes this data on our behalf once the payment is made, and is the controller of its own processing (fraud prevention, legal obligations). Erasure: remove this person’s personal data from their payments in the Stripe Dashboard (“redaction”; this software does not do it itself), then record it here. Stripe keeps what its own legal obligations require.',
  },
  PayPal: {
    fr: 'Rien à transmettre\u00a0: nous n’envoyons à PayPal ni nom ni adresse e-mail, seulement le montant, la prestation et la référence\u00a0; ce que PayPal sait du payeur, il le tient de lui en qualité de responsable de ses propres traitements.',
    en: 'Nothing to pass on: we send PayPal no name nor e-mail address, only the amount, the service and the reference; what PayPal knows of the payer it holds from them, as the controller of its own processing.',
  },
};

const processorGuidance: Localized = {
  fr: 'Prestataire agissant pour notre compte\u00a0: s’il conserve des données de cette personne, transmettez-lui la demande (son support ou son espace client), puis notez ici ce qui a été fait\u00a0; sinon, notez qu’il n’y avait rien à transmettre et pourquoi.',
  en: 'A processor acting on our behalf: if it keeps data about this person, pass the request on (its support or its customer area), then record what was done; otherwise record that there was nothing to pass on, and why.',
};

const namesAProvider = (text: string) => /\b(Stripe|PayPal)\b/.test(text);
const isProcessor = (r: Localized & { role?: string }) => r.role === 'processor' || (r.role === undefined && /sous-traitant/.test(r.fr));
const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Who may have to be told of a rectification, an erasure or a restriction (art. 19): the online
 * payment providers configured, then every processor the register declares (once each).
 */
export function noticeRecipientsOf(registers: readonly ModuleRegister[], processors: readonly OnlineProcessor[]): NoticeRecipient[] {
  const providers = processors.map((p) => ({
    name: p.name,
    description: { fr: `${p.entity} (${p.country.fr})\u00a0: ${p.receives.fr}`, en: `${p.entity} (${p.country.en}): ${p.receives.en}` },
    guidance: providerGuidance[p.name] ?? processorGuidance,
  }));
  const seen = new Set<string>();
  const declared: NoticeRecipient[] = [];
  for (const recipient of registers.flatMap((r) => r.activities.flatMap((a) => a.recipients))) {
    if (!isProcessor(recipient) || namesAProvider(recipient.fr) || seen.has(recipient.fr)) continue;
    seen.add(recipient.fr);
    const country = recipient.country ? { fr: ` (${recipient.country.fr})`, en: ` (${recipient.country.en})` } : { fr: '', en: '' };
    declared.push({
      name: upperFirst(recipient.fr) + country.fr,
      description: { fr: upperFirst(recipient.fr) + country.fr, en: upperFirst(recipient.en) + country.en },
      guidance: processorGuidance,
    });
  }
  return [...providers, ...declared];
}

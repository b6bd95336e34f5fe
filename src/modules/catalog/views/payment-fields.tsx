import { fieldId, TextField, type Errors } from '../../../ui/form.js';
import { paymentOptions, type OnlineProvider, type PaymentOption } from '../catalog.model.js';

const texts = {
  fr: {
    legend: 'Paiement',
    intro: 'Comment le client peut régler cette prestation. Seuls les paiements en ligne configurés sur ce site sont proposés.',
    option: { on_site: 'Sur place (espèces, carte, chèque, virement)', stripe: 'En ligne par carte (Stripe)', paypal: 'En ligne par PayPal' } satisfies Record<PaymentOption, string>,
    deposit: 'Acompte payable en ligne (%)',
    depositHint: 'De 1 à 99\u00a0% du prix, le reste sur place. Laissez vide pour ne pas proposer d’acompte.',
    optional: 'facultatif',
  },
  en: {
    legend: 'Payment',
    intro: 'How the customer may pay for this service. Only the online payments configured on this site are offered.',
    option: { on_site: 'On site (cash, card, cheque, transfer)', stripe: 'Online by card (Stripe)', paypal: 'Online with PayPal' } satisfies Record<PaymentOption, string>,
    deposit: 'Deposit payable online (%)',
    depositHint: 'From 1 to 99 % of the price, the rest on site. Leave empty to offer no deposit.',
    optional: 'optional',
  },
};

/** The service form's payment options: on site always, an online provider only when configured (or already chosen, so it can be unticked). */
export function PaymentFields({ locale, providers, value, errors }: { locale: 'fr' | 'en'; providers: readonly OnlineProvider[]; value: (name: string) => string | string[] | undefined; errors: Errors }) {
  const t = texts[locale];
  const raw = value('paymentOptions');
  const chosen = new Set(raw === undefined ? ['on_site'] : Array.isArray(raw) ? raw : [raw]);
  const shown = paymentOptions.filter((o) => o === 'on_site' || providers.includes(o) || chosen.has(o));
  const deposit = value('depositPercent');
  return (
    <fieldset id={fieldId('paymentOptions')}>
      <legend>{t.legend}</legend>
      <p class="hint">{t.intro}</p>
      {errors.paymentOptions ? (
        <p class="field-error" id={`${fieldId('paymentOptions')}-error`}>
          {errors.paymentOptions}
        </p>
      ) : null}
      {shown.map((option) => {
        const id = fieldId(`paymentOptions-${option}`);
        return (
          <div key={option} class="field field--checkbox">
            <input id={id} type="checkbox" name="paymentOptions" value={option} checked={chosen.has(option)} />
            <label for={id}>{t.option[option]}</label>
          </div>
        );
      })}
      {providers.length ? (
        <TextField name="depositPercent" label={t.deposit} hint={t.depositHint} value={typeof deposit === 'string' ? deposit : undefined} error={errors.depositPercent} inputMode="numeric" size="short" optionalText={t.optional} />
      ) : null}
    </fieldset>
  );
}

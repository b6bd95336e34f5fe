import { formatPrice } from '../../../platform/i18n/format.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import { fieldId } from '../../../ui/form.js';
import { onlineAmountOf, type PaymentChoice, type Service } from '../../catalog/index.js';

const texts = {
  fr: {
    legend: 'Paiement',
    choice: {
      on_site: 'Payer sur place, le jour de la prestation',
      stripe: 'Payer en ligne par carte (Stripe)',
      paypal: 'Payer en ligne avec PayPal',
      deposit_stripe: (percent: number, amount: string) => `Verser un acompte de ${percent}\u00a0% en ligne par carte (Stripe), soit ${amount}, le reste sur place`,
      deposit_paypal: (percent: number, amount: string) => `Verser un acompte de ${percent}\u00a0% en ligne avec PayPal, soit ${amount}, le reste sur place`,
    },
    online: 'En ligne, vous serez dirigé vers la page de paiement sécurisée du prestataire\u00a0: vos coordonnées bancaires n’arrivent jamais chez nous. Votre place est retenue le temps du paiement.',
  },
  en: {
    legend: 'Payment',
    choice: {
      on_site: 'Pay on site, on the day',
      stripe: 'Pay online by card (Stripe)',
      paypal: 'Pay online with PayPal',
      deposit_stripe: (percent: number, amount: string) => `Pay a ${percent}% deposit online by card (Stripe), that is ${amount}, the rest on site`,
      deposit_paypal: (percent: number, amount: string) => `Pay a ${percent}% deposit online with PayPal, that is ${amount}, the rest on site`,
    },
    online: 'Online, you will be taken to the provider’s secure payment page: your bank details never reach us. Your place is held while you pay.',
  },
};

export function paymentChoiceLabel(choice: PaymentChoice, service: Pick<Service, 'priceCents' | 'currency' | 'depositPercent'>, locale: Locale): string {
  const t = texts[locale].choice;
  if (choice === 'deposit_stripe' || choice === 'deposit_paypal') {
    const percent = service.depositPercent ?? 0;
    return t[choice](percent, formatPrice(onlineAmountOf(service.priceCents, choice, percent), service.currency, locale));
  }
  return t[choice];
}

/** The booking form's payment choices, as radio buttons in plain words; nothing when the only choice is to pay on site. */
export function PaymentChoiceField({ locale, service, choices, value, error }: { locale: Locale; service: Service; choices: readonly PaymentChoice[]; value: string | undefined; error: string | undefined }) {
  if (choices.length <= 1 && choices[0] === 'on_site') return null;
  const t = texts[locale];
  const selected = value && choices.includes(value as PaymentChoice) ? value : choices[0];
  const errorId = error ? `${fieldId('payment')}-error` : undefined;
  return (
    <fieldset id={fieldId('payment')} aria-describedby={errorId}>
      <legend>{t.legend}</legend>
      {error ? (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      {choices.map((choice) => {
        const id = fieldId(`payment-${choice}`);
        return (
          <div key={choice} class="field field--checkbox">
            <input id={id} type="radio" name="payment" value={choice} checked={selected === choice} />
            <label for={id}>{paymentChoiceLabel(choice, service, locale)}</label>
          </div>
        );
      })}
      {choices.some((c) => c !== 'on_site') ? <p class="muted">{t.online}</p> : null}
    </fieldset>
  );
}

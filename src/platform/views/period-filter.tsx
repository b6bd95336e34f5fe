import type { Locale } from '../i18n/locale.js';
import { TextField, type Errors } from '../../ui/form.js';

const texts = {
  fr: { legend: 'Période', from: 'Du', to: 'Au (inclus)', show: 'Afficher' },
  en: { legend: 'Period', from: 'From', to: 'To (included)', show: 'Show' },
};

/**
 * The « Du / Au » form above a back-office list of a period (payments, invoices): a GET form, so it
 * works without JavaScript and the period stays in the address (the export links reuse it).
 */
export function PeriodFilter({ locale, action, from, to, errors }: { locale: Locale; action: string; from: string; to: string; errors: Errors }) {
  const t = texts[locale];
  return (
    <form method="get" action={action} class="period-filter">
      <fieldset>
        <legend>{t.legend}</legend>
        <TextField name="from" type="date" label={t.from} value={from} error={errors.from} required />
        <TextField name="to" type="date" label={t.to} value={to} error={errors.to} required />
        <button type="submit" class="button">
          {t.show}
        </button>
      </fieldset>
    </form>
  );
}

/** `?from=…&to=…` of a period, for links that keep it. */
export function periodQuery(period: { from: string; to: string }): string {
  return `?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`;
}

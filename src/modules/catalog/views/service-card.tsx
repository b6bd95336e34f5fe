import { paths } from '../../../platform/http/paths.js';
import { formatDuration, formatPrice } from '../../../platform/i18n/format.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import type { Service } from '../catalog.model.js';

export function priceLabel(service: Pick<Service, 'priceCents' | 'currency'>, locale: Locale, vatExempt: boolean): string {
  if (service.priceCents === 0) return locale === 'fr' ? 'Gratuit' : 'Free';
  const suffix = vatExempt ? '' : locale === 'fr' ? '\u00a0TTC' : ' incl. VAT';
  return `${formatPrice(service.priceCents, service.currency, locale)}${suffix}`;
}

/** Where a service happens, in a word, when it is not at the business. */
const placeLabels: Record<Locale, Record<Exclude<Service['location'], 'business'>, string>> = {
  fr: { customer_address: 'chez vous', phone: 'par téléphone', online: 'en ligne' },
  en: { customer_address: 'at your place', phone: 'by phone', online: 'online' },
};

export function ServiceCard({ service, locale, vatExempt }: { service: Service; locale: Locale; vatExempt: boolean }) {
  const fr = locale === 'fr';
  return (
    <li class="card service-card">
      <h2 class="service-card__title">
        <a href={paths.service(locale, service.slug)}>{service.name[locale]}</a>
      </h2>
      <p class="service-card__meta">
        <span>{formatDuration(service.durationMinutes, locale)}</span>
        <span aria-hidden="true"> · </span>
        <span>{priceLabel(service, locale, vatExempt)}</span>
        {service.location !== 'business' ? (
          <>
            <span aria-hidden="true"> · </span>
            <span>{placeLabels[locale][service.location]}</span>
          </>
        ) : null}
        {service.capacity > 1 ? (
          <>
            <span aria-hidden="true"> · </span>
            <span>{fr ? `jusqu’à ${service.capacity} personnes` : `up to ${service.capacity} people`}</span>
          </>
        ) : null}
      </p>
      <p>{firstParagraph(service.description[locale])}</p>
      <p>
        <a class="button" href={paths.service(locale, service.slug)}>
          {fr ? 'Choisir un créneau' : 'Choose a time'}
          <span class="visually-hidden"> — {service.name[locale]}</span>
        </a>
      </p>
    </li>
  );
}

function firstParagraph(text: string): string {
  const paragraph = text.split(/\n\s*\n/)[0] ?? text;
  return paragraph.length > 220 ? `${paragraph.slice(0, 217).trimEnd()}…` : paragraph;
}

import { formatDuration } from '../../../platform/i18n/format.js';
import { Island } from '../../../platform/views/island.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { paths } from '../../../platform/http/paths.js';
import { Notice } from '../../../ui/form.js';
import type { Service } from '../../catalog/index.js';
import { servicePlaceText } from '../booking-place.js';
import { SlotPicker, type SlotPickerProps } from '../islands/slot-picker.island.js';
import { priceText } from './price.js';

const texts = {
  fr: { duration: 'Durée', price: 'Prix', perPlace: 'par place', place: 'Lieu', group: 'Places par séance', withdrawal: 'Rétractation', back: 'Toutes les prestations' },
  en: { duration: 'Duration', price: 'Price', perPlace: 'per place', place: 'Place', group: 'Places per session', withdrawal: 'Withdrawal', back: 'All services' },
};

export function ServicePage({ ctx, service, picker, withdrawal, alert }: { ctx: PageContext; service: Service; picker: SlotPickerProps; withdrawal: string; alert?: string | undefined }) {
  const t = texts[ctx.locale];
  const { locale } = ctx;
  return (
    <Layout ctx={ctx} title={service.name[locale]} description={service.description[locale].slice(0, 160)} withScript>
      <p class="breadcrumb">
        <a href={paths.services(locale)}>← {t.back}</a>
      </p>
      <h1>{service.name[locale]}</h1>
      {alert ? (
        <div class="notice notice--warning" role="alert">
          {alert}
        </div>
      ) : null}
      <div class="service-intro">
        {service.description[locale].split(/\n\s*\n/).map((p) => (
          <p key={p}>{p}</p>
        ))}
        <dl class="facts">
          <div>
            <dt>{t.duration}</dt>
            <dd>{formatDuration(service.durationMinutes, locale)}</dd>
          </div>
          <div>
            <dt>{t.price}</dt>
            <dd>
              {priceText(service, locale, ctx.business.vatExempt)}
              {service.maxPlacesPerBooking > 1 && service.priceCents > 0 ? ` ${t.perPlace}` : null}
            </dd>
          </div>
          <div>
            <dt>{t.place}</dt>
            <dd>{servicePlaceText(service, ctx.business, locale)}</dd>
          </div>
          {service.capacity > 1 ? (
            <div>
              <dt>{t.group}</dt>
              <dd>{service.capacity}</dd>
            </div>
          ) : null}
        </dl>
      </div>
      <Island name="SlotPicker" component={SlotPicker} props={picker} />
      <Notice>
        <strong>{t.withdrawal}.</strong> {withdrawal}
      </Notice>
    </Layout>
  );
}

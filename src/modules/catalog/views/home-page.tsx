import { paths } from '../../../platform/http/paths.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { OpeningInterval, Service } from '../catalog.model.js';
import { openingHoursSummary } from './opening-hours-summary.js';
import { ServiceCard } from './service-card.js';

const texts = {
  fr: { services: 'Nos prestations', hours: 'Horaires', address: 'Adresse', contact: 'Contact', none: 'Aucune prestation n’est proposée pour le moment.', all: 'Toutes les prestations' },
  en: { services: 'Our services', hours: 'Opening hours', address: 'Address', contact: 'Contact', none: 'No service is offered at the moment.', all: 'All services' },
};

export function HomePage({ ctx, services, openingHours }: { ctx: PageContext; services: Service[]; openingHours: OpeningInterval[] }) {
  const t = texts[ctx.locale];
  const { business } = ctx;
  return (
    <Layout ctx={ctx} title={business.tagline[ctx.locale]} description={business.tagline[ctx.locale]}>
      <section class="hero">
        <h1>{business.name}</h1>
        <p class="lead">{business.tagline[ctx.locale]}</p>
      </section>
      <section aria-labelledby="services-heading">
        <h2 id="services-heading" class="section-title">
          {t.services}
        </h2>
        <ServiceList services={services} locale={ctx.locale} vatExempt={business.vatExempt} empty={t.none} />
      </section>
      <section class="info-grid" aria-label={`${t.hours}, ${t.address}`}>
        <div>
          <h2>{t.hours}</h2>
          <OpeningHoursList intervals={openingHours} locale={ctx.locale} />
        </div>
        <div>
          <h2>{t.address}</h2>
          <address>
            {business.legalName}
            <br />
            {business.address.line1}
            <br />
            {business.address.postalCode} {business.address.city}
          </address>
          <p>
            <a href={`mailto:${business.email}`}>{business.email}</a>
            {business.phone ? (
              <>
                <br />
                <a href={`tel:${business.phone.replace(/\s/g, '')}`}>{business.phone}</a>
              </>
            ) : null}
          </p>
        </div>
      </section>
    </Layout>
  );
}

export function ServiceList({ services, locale, vatExempt, empty }: { services: Service[]; locale: Locale; vatExempt: boolean; empty: string }) {
  if (services.length === 0) return <p>{empty}</p>;
  return (
    <ul class="card-list">
      {services.map((s) => (
        <ServiceCard key={s.id} service={s} locale={locale} vatExempt={vatExempt} />
      ))}
    </ul>
  );
}

export function OpeningHoursList({ intervals, locale }: { intervals: OpeningInterval[]; locale: Locale }) {
  const rows = openingHoursSummary(intervals, locale);
  if (rows.length === 0) return <p>{locale === 'fr' ? 'Horaires non communiqués.' : 'Opening hours not set.'}</p>;
  return (
    <dl class="hours">
      {rows.map((r) => (
        <div key={r.days}>
          <dt>{r.days}</dt>
          <dd>{r.hours}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ServicesPage({ ctx, services }: { ctx: PageContext; services: Service[] }) {
  const t = texts[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.all}>
      <h1>{t.all}</h1>
      <ServiceList services={services} locale={ctx.locale} vatExempt={ctx.business.vatExempt} empty={t.none} />
      <p>
        <a href={paths.home(ctx.locale)}>{ctx.locale === 'fr' ? 'Retour à l’accueil' : 'Back to the home page'}</a>
      </p>
    </Layout>
  );
}

import type { FastifyInstance } from 'fastify';
import { requestLocale } from '../../platform/http/error-handler.js';
import { paths } from '../../platform/http/paths.js';
import { locales, type Locale } from '../../platform/i18n/locale.js';
import { pageContext } from '../../platform/views/page-context.js';
import type { PageCache } from '../../platform/http/page-cache.js';
import { renderDocument, sendHtml } from '../../platform/views/render.js';
import { paymentChoicesOf } from './catalog.model.js';
import type { ServiceResponse } from './catalog.schemas.js';
import type { CatalogService } from './catalog.service.js';
import { HomePage, ServicesPage } from './views/home-page.js';

/** The home page, the list of services, and GET /api/v1/services. */
export async function catalogRoutes(app: FastifyInstance, { catalog, pages }: { catalog: CatalogService; pages: PageCache }) {
  for (const locale of locales) {
    const other: Locale = locale === 'fr' ? 'en' : 'fr';

    app.get(paths.home(locale), async (request, reply) => {
      const html = await pages.remember(`home|${locale}`, async () => {
        const [services, openingHours] = await Promise.all([catalog.listServices(), catalog.openingHours()]);
        return renderDocument(<HomePage ctx={pageContext(request, paths.home(other))} services={services} openingHours={openingHours} />);
      });
      return sendHtml(reply.header('cache-control', 'public, max-age=60'), html);
    });

    app.get(paths.services(locale), async (request, reply) => {
      const html = await pages.remember(`services|${locale}`, async () =>
        renderDocument(<ServicesPage ctx={pageContext(request, paths.services(other))} services={await catalog.listServices()} />),
      );
      return sendHtml(reply.header('cache-control', 'public, max-age=60'), html);
    });
  }
  // "/en" without its slash is the English home page too.
  app.get('/en', async (_request, reply) => reply.redirect(paths.home('en'), 301));

  app.get('/api/v1/services', async (request) => {
    const locale = requestLocale(request);
    const services = await catalog.listServices();
    return services.map((s): ServiceResponse => {
      const payments = paymentChoicesOf(s, catalog.onlineProviders);
      return {
        slug: s.slug,
        name: s.name[locale],
        durationMinutes: s.durationMinutes,
        priceCents: s.priceCents,
        currency: s.currency,
        capacity: s.capacity,
        location: s.location,
        scheduling: s.scheduling,
        maxPlacesPerBooking: s.maxPlacesPerBooking,
        payments,
        depositPercent: payments.some((p) => p.startsWith('deposit_')) ? s.depositPercent : null,
      };
    });
  });
}

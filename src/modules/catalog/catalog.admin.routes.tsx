import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, formStrings, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { validate } from '../../platform/http/validation.js';
import { sendPage } from '../../platform/views/render.js';
import type { Errors } from '../../ui/form.js';
import { adminContext } from '../admin/index.js';
import { catalogValidationTexts, closureFormSchema, openingHoursFormSchema, serviceFormSchema } from './catalog.schemas.js';
import type { CatalogService } from './catalog.service.js';
import { ClosureDeletePage, ClosuresPage, ServiceDeletePage, newServiceValues, OpeningHoursPage, serviceToFormValues, ServiceFormPage, ServicesAdminPage, type ServiceFormValues } from './views/admin-pages.js';

type Body = Record<string, string | string[] | undefined>;

/** Field errors to show beside their fields; anything else is not a form error and goes up. */
function formErrors(error: unknown, locale: 'fr' | 'en'): Errors {
  if (error instanceof ValidationFailed) return messagesByField(error);
  if (error instanceof AppError && error.field) return { [error.field]: error.messageIn(locale) };
  throw error;
}


/** Back office: services, opening hours, closures. */
export async function catalogAdminRoutes(app: FastifyInstance, { catalog }: { catalog: CatalogService }) {
  // The owner's pages: staff get a 403 page (the back-office guard, admin module).
  const ownerOnly = { config: { ownerOnly: true } };
  const title = (locale: 'fr' | 'en', fr: string, en: string) => (locale === 'fr' ? fr : en);

  app.get(adminPaths.services, ownerOnly, async (request, reply) => {
    const services = await catalog.listServices({ activeOnly: false });
    return sendPage(reply, <ServicesAdminPage ctx={adminContext(request, reply)} services={services} />);
  });

  app.get(adminPaths.newService, ownerOnly, async (request, reply) => {
    const locale = requestLocale(request);
    return sendPage(reply, <ServiceFormPage providers={catalog.onlineProviders} ctx={adminContext(request, reply)} action={adminPaths.newService} title={title(locale, 'Nouvelle prestation', 'New service')} values={newServiceValues} errors={{}} />);
  });

  app.post(adminPaths.newService, ownerOnly, async (request: FastifyRequest<{ Body: Body }>, reply) => {
    const locale = requestLocale(request);
    try {
      const form = validate(serviceFormSchema, request.body, locale, catalogValidationTexts);
      const service = await catalog.createService(form, locale);
      return reply.redirect(`${adminPaths.service(service.id)}?enregistre=1`, 303);
    } catch (error) {
      const errors = formErrors(error, locale);
      return sendPage(
        reply,
        <ServiceFormPage providers={catalog.onlineProviders} ctx={adminContext(request, reply)} action={adminPaths.newService} title={title(locale, 'Nouvelle prestation', 'New service')} values={request.body as ServiceFormValues} errors={errors} />,
        422,
      );
    }
  });

  app.get(adminPaths.service(':id'), ownerOnly, async (request: FastifyRequest<{ Params: { id: string }; Querystring: { enregistre?: string } }>, reply) => {
    const service = await catalog.serviceById(request.params.id);
    return sendPage(
      reply,
      <ServiceFormPage
        providers={catalog.onlineProviders}
        ctx={adminContext(request, reply)}
        action={adminPaths.service(service.id)}
        title={service.name[requestLocale(request)]}
        values={serviceToFormValues(service, requestLocale(request))}
        errors={{}}
        saved={request.query.enregistre === '1'}
        deleteUrl={adminPaths.serviceDelete(service.id)}
      />,
    );
  });

  app.post(adminPaths.service(':id'), ownerOnly, async (request: FastifyRequest<{ Params: { id: string }; Body: Body }>, reply) => {
    const locale = requestLocale(request);
    const service = await catalog.serviceById(request.params.id);
    try {
      const form = validate(serviceFormSchema, request.body, locale, catalogValidationTexts);
      await catalog.updateService(service.id, form, locale);
      return reply.redirect(`${adminPaths.service(service.id)}?enregistre=1`, 303);
    } catch (error) {
      const errors = formErrors(error, locale);
      return sendPage(
        reply,
        <ServiceFormPage providers={catalog.onlineProviders} ctx={adminContext(request, reply)} action={adminPaths.service(service.id)} title={service.name[locale]} values={request.body as ServiceFormValues} errors={errors} />,
        422,
      );
    }
  });

  app.get(adminPaths.serviceDelete(':id'), ownerOnly, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const service = await catalog.serviceById(request.params.id);
    return sendPage(reply, <ServiceDeletePage ctx={adminContext(request, reply)} service={service} />);
  });

  app.post(adminPaths.serviceDelete(':id'), ownerOnly, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const locale = requestLocale(request);
    const service = await catalog.serviceById(request.params.id);
    try {
      await catalog.deleteService(service.id);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'SERVICE_HAS_BOOKINGS') throw error;
      return sendPage(reply, <ServiceDeletePage ctx={adminContext(request, reply)} service={service} error={error.messageIn(locale)} />, error.status);
    }
    return reply.redirect(adminPaths.services, 303);
  });

  app.get(adminPaths.openingHours, ownerOnly, async (request: FastifyRequest<{ Querystring: { enregistre?: string } }>, reply) => {
    const intervals = await catalog.openingHours();
    return sendPage(reply, <OpeningHoursPage ctx={adminContext(request, reply)} intervals={intervals} errors={{}} saved={request.query.enregistre === '1'} />);
  });

  app.post(adminPaths.openingHours, ownerOnly, async (request: FastifyRequest<{ Body: Body }>, reply) => {
    const locale = requestLocale(request);
    try {
      const intervals = validate(openingHoursFormSchema, formStrings(request.body), locale, catalogValidationTexts);
      await catalog.replaceOpeningHours(intervals);
      return reply.redirect(`${adminPaths.openingHours}?enregistre=1`, 303);
    } catch (error) {
      const errors = formErrors(error, locale);
      return sendPage(reply, <OpeningHoursPage ctx={adminContext(request, reply)} intervals={[]} values={formStrings(request.body)} errors={errors} />, 422);
    }
  });

  app.get(adminPaths.closures, ownerOnly, async (request, reply) => {
    const closures = await catalog.upcomingClosures();
    return sendPage(reply, <ClosuresPage ctx={adminContext(request, reply)} closures={closures} values={{}} errors={{}} />);
  });

  app.post(adminPaths.closures, ownerOnly, async (request: FastifyRequest<{ Body: Body }>, reply) => {
    const locale = requestLocale(request);
    try {
      const form = validate(closureFormSchema, formStrings(request.body), locale, catalogValidationTexts);
      const closure = await catalog.addClosure(form, locale);
      // The owner sees at once the bookings the closure covers, to move or cancel each.
      return reply.redirect(adminPaths.closureBookings(closure.id), 303);
    } catch (error) {
      const errors = formErrors(error, locale);
      const closures = await catalog.upcomingClosures();
      return sendPage(reply, <ClosuresPage ctx={adminContext(request, reply)} closures={closures} values={formStrings(request.body)} errors={errors} />, 422);
    }
  });

  app.get(adminPaths.closureDelete(':id'), ownerOnly, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const closure = await catalog.closureById(request.params.id);
    return sendPage(reply, <ClosureDeletePage ctx={adminContext(request, reply)} closure={closure} />);
  });

  app.post(adminPaths.closureDelete(':id'), ownerOnly, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    await catalog.deleteClosure(request.params.id);
    return reply.redirect(adminPaths.closures, 303);
  });
}

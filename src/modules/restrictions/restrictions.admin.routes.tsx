import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, formStrings, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { fieldError, toFieldErrors } from '../../platform/http/validation.js';
import { sendPage } from '../../platform/views/render.js';
import type { Errors } from '../../ui/form.js';
import { adminContext } from '../admin/index.js';
import { restrictionPaths } from './restrictions.paths.js';
import { noticeFormSchema, restrictionValidationTexts } from './restrictions.schemas.js';
import type { RestrictionsService } from './restrictions.service.js';
import { NoticePage, StandingConfirmPage, type PageCustomer, type StandingAction } from './views/restriction-pages.js';

type IdRequest = FastifyRequest<{ Params: { id: string }; Body: unknown }>;

export interface RestrictionsAdminDeps {
  restrictions: RestrictionsService;
  /** The customer a page is about (customers module, wired by app.ts); throws its CUSTOMER_NOT_FOUND (404). */
  customerOf: (id: string) => Promise<PageCustomer>;
}

/** Who did it, as the records keep it: the back-office account's e-mail (the guard has set it). */
const actorOf = (request: FastifyRequest) => ({ by: request.admin!.email });

/**
 * Back office, owner only (the controller decides): restrict, lift, record an objection, each
 * after a confirmation page; record that a recipient was told (art. 19). Staff get the guard's 403.
 */
export async function restrictionsAdminRoutes(app: FastifyInstance, { restrictions, customerOf }: RestrictionsAdminDeps) {
  const ownerOnly = { config: { ownerOnly: true } };

  const showConfirm = async (request: IdRequest, reply: FastifyReply, action: StandingAction, options: { errors?: Errors; reason?: string; status?: number } = {}) =>
    sendPage(
      reply,
      <StandingConfirmPage ctx={adminContext(request, reply)} customer={await customerOf(request.params.id)} action={action} errors={options.errors ?? {}} reason={options.reason} />,
      options.status ?? 200,
    );

  const backToCustomer = (reply: FastifyReply, id: string) => reply.redirect(`${restrictionPaths.customer(id)}#donnees`, 303);

  /** A form error to show on the page again (422, 409); anything else goes up to the error handler. */
  const formErrors = (error: unknown, locale: 'fr' | 'en'): { errors: Errors; status: number } => {
    if (error instanceof ValidationFailed) return { errors: messagesByField(error), status: 422 };
    if (error instanceof AppError && error.status < 500 && error.status !== 404) return { errors: { [error.field ?? 'form']: error.messageIn(locale) }, status: error.status };
    throw error;
  };

  for (const action of ['restrict', 'lift', 'object'] as const) {
    app.get(restrictionPaths[action](':id'), ownerOnly, (request: IdRequest, reply) => showConfirm(request, reply, action));
    app.post(restrictionPaths[action](':id'), ownerOnly, async (request: IdRequest, reply) => {
      const locale = requestLocale(request);
      const form = formStrings(request.body);
      const customer = await customerOf(request.params.id);
      try {
        if (action === 'restrict') await restrictions.restrict(customer.email, { reason: form.reason ?? '', by: actorOf(request).by }, locale);
        else if (action === 'lift') await restrictions.lift(customer.email, actorOf(request));
        else await restrictions.objectToProspecting(customer.email, actorOf(request));
      } catch (error) {
        const { errors, status } = formErrors(error, locale);
        return showConfirm(request, reply, action, { errors, reason: form.reason, status });
      }
      return backToCustomer(reply, customer.id);
    });
  }

  app.get(restrictionPaths.notices(':id'), ownerOnly, async (request: IdRequest, reply) => {
    const customer = await customerOf(request.params.id);
    return sendPage(reply, <NoticePage ctx={adminContext(request, reply)} customer={customer} recipients={restrictions.noticeRecipients()} errors={{}} values={{}} />);
  });

  app.post(restrictionPaths.notices(':id'), ownerOnly, async (request: IdRequest, reply) => {
    const locale = requestLocale(request);
    const form = formStrings(request.body);
    const customer = await customerOf(request.params.id);
    const recipients = restrictions.noticeRecipients();
    try {
      // The recipient is one the page offered: the log names recipients as the register does.
      if (form.recipient && !recipients.some((r) => r.name === form.recipient)) {
        const others = noticeFormSchema.safeParse(form);
        const rest = others.success ? [] : toFieldErrors(others.error, locale, restrictionValidationTexts).filter((e) => e.field !== 'recipient');
        throw new ValidationFailed([fieldError('recipient', 'invalid', locale, restrictionValidationTexts), ...rest]);
      }
      await restrictions.recordRecipientNotice({ email: customer.email, customerId: customer.id }, form, actorOf(request), locale);
    } catch (error) {
      const { errors, status } = formErrors(error, locale);
      return sendPage(reply, <NoticePage ctx={adminContext(request, reply)} customer={customer} recipients={recipients} errors={errors} values={form} />, status);
    }
    return backToCustomer(reply, customer.id);
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { AdminContext } from '../../platform/views/admin-layout.js';
import { AppError, formStrings, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { sendPage } from '../../platform/views/render.js';
import type { Errors } from '../../ui/form.js';
import { adminContext } from '../admin/index.js';
import type { Customer, CustomerBooking, Editor } from './customers.model.js';
import { listQuerySchema } from './customers.schemas.js';
import type { CustomersService } from './customers.service.js';
import type { DataSubject, PersonalDataFound, PersonalDataOperations } from '../../platform/privacy-register.js';
import { CustomerErasedPage, CustomerErasePage, CustomerExportPage } from './views/customer-privacy-pages.js';
import { customerErrors } from './customers.errors.js';
import { CustomerEditPage, CustomerListPage, CustomerPage, customerToFormValues, type CustomerFormValues } from './views/customer-pages.js';

type IdRequest<Extra = object> = FastifyRequest<{ Params: { id: string } } & Extra>;

export interface CustomersAdminDeps {
  customers: CustomersService;
  /** A customer's bookings, latest first (the booking module's, wired in app.ts). */
  bookingsOf: (customerId: string) => Promise<CustomerBooking[]>;
  /** The privacy engine (wired in app.ts): the owner produces a customer's access archive or erases them from their page. */
  personalData: CustomerPersonalData;
  /** Absolute site address: the export's link is shown whole, to be sent to the customer. */
  baseUrl: string;
  /** The customer's data rights (restriction, objection, recipients told), rendered by the restrictions module (app.ts). */
  privacyPanel?: (ctx: AdminContext, customer: Customer) => Promise<ComponentChildren>;
  /** Badges beside each listed customer (« Traitement limité »…), by customer id (app.ts). */
  listBadges?: (ctx: AdminContext, customers: Customer[]) => Promise<Map<string, ComponentChildren>>;
  /** Post-mortem directives left from an address (rights module, wired in app.ts): shown to the owner only. */
  directivesOf?: (email: string) => Promise<{ receivedAt: string; text: string; href: string }[]>;
}

/** The privacy engine's operations the customer's page uses; `inventory` names the ports that could not be read. */
export type CustomerPersonalData = Pick<PersonalDataOperations, 'subjectForCustomer' | 'produceAccessArchive' | 'erase'> & {
  inventory(subject: DataSubject): Promise<{ found: (PersonalDataFound & { module: string })[]; failed: { module: string; error: string }[] }>;
};

/** Field errors to show beside their fields; anything else is not a form error and goes up. */
function formErrors(error: unknown, locale: 'fr' | 'en'): { errors: Errors; status: number } {
  if (error instanceof ValidationFailed) return { errors: messagesByField(error), status: 422 };
  if (error instanceof AppError && error.status < 500 && error.code !== 'CUSTOMER_NOT_FOUND') return { errors: { [error.field ?? 'form']: error.messageIn(locale) }, status: error.status };
  throw error;
}

function editorOf(request: FastifyRequest): Editor {
  // The back-office guard (app.ts) has set it, or answered already.
  const account = request.admin!;
  return { id: account.id, email: account.email };
}

/** Back office: the customers list and search, a customer's page, their details edited with history, private notes. */
export async function customersAdminRoutes(app: FastifyInstance, { customers, bookingsOf, personalData, baseUrl, privacyPanel, listBadges, directivesOf }: CustomersAdminDeps) {
  const ownerOnly = { config: { ownerOnly: true } };

  /** The customer and the person the privacy engine knows them as; an unknown id is the usual 404. */
  async function subjectOf(id: string) {
    const customer = await customers.get(id);
    const subject = await personalData.subjectForCustomer(id);
    if (!subject) throw customerErrors.CUSTOMER_NOT_FOUND();
    return { customer, subject };
  }

  app.get(adminPaths.customers, async (request, reply) => {
    const { q, page } = listQuerySchema.parse(request.query ?? {});
    const query = q.trim();
    const { customers: found, hasNext } = await customers.search(query, page);
    const ctx = adminContext(request, reply);
    const badges = listBadges ? await listBadges(ctx, found) : undefined;
    return sendPage(reply, <CustomerListPage ctx={ctx} q={query} page={page} customers={found} hasNext={hasNext} badges={badges} />);
  });

  async function renderCustomer(request: FastifyRequest, reply: FastifyReply, id: string, options: { errors?: Errors; noteValue?: string; status?: number; saved?: 'changed' | 'unchanged' } = {}) {
    const customer = await customers.get(id);
    const ctx = adminContext(request, reply);
    const [bookings, notes, changes, privacy, directives] = await Promise.all([
      bookingsOf(id),
      customers.notes(id),
      customers.changes(id),
      privacyPanel?.(ctx, customer),
      request.admin?.role === 'owner' && directivesOf ? directivesOf(customer.email) : [],
    ]);
    return sendPage(
      reply,
      <CustomerPage
        ctx={ctx}
        privacy={privacy}
        customer={customer}
        bookings={bookings}
        notes={notes}
        changes={changes}
        saved={options.saved}
        errors={options.errors ?? {}}
        noteValue={options.noteValue}
        directives={directives}
      />,
      options.status ?? 200,
    );
  }

  app.get(adminPaths.customer(':id'), async (request: IdRequest<{ Querystring: { enregistre?: string } }>, reply) => {
    const saved = request.query.enregistre === '1' ? 'changed' : request.query.enregistre === '0' ? 'unchanged' : undefined;
    return renderCustomer(request, reply, request.params.id, { saved });
  });

  app.get(adminPaths.customerEdit(':id'), async (request: IdRequest, reply) => {
    const customer = await customers.get(request.params.id);
    return sendPage(reply, <CustomerEditPage ctx={adminContext(request, reply)} customer={customer} values={customerToFormValues(customer)} errors={{}} />);
  });

  app.post(adminPaths.customerEdit(':id'), async (request: IdRequest<{ Body: unknown }>, reply) => {
    const locale = requestLocale(request);
    const form = formStrings(request.body);
    try {
      const { changes } = await customers.update(request.params.id, form, editorOf(request), locale);
      return reply.redirect(`${adminPaths.customer(request.params.id)}?enregistre=${changes.length > 0 ? 1 : 0}`, 303);
    } catch (error) {
      const { errors, status } = formErrors(error, locale);
      const customer = await customers.get(request.params.id);
      // After a concurrent change, the form shows the stored version to compare with, and saves over it next time.
      const values: CustomerFormValues = error instanceof AppError && error.code === 'CUSTOMER_CHANGED' ? { ...form, version: customer.updatedAt } : form;
      return sendPage(reply, <CustomerEditPage ctx={adminContext(request, reply)} customer={customer} values={values} errors={errors} />, status);
    }
  });

  app.post(adminPaths.customerNotes(':id'), async (request: IdRequest<{ Body: unknown }>, reply) => {
    const locale = requestLocale(request);
    const form = formStrings(request.body);
    try {
      await customers.addNote(request.params.id, form, editorOf(request), locale);
      return reply.redirect(`${adminPaths.customer(request.params.id)}#notes`, 303);
    } catch (error) {
      const { errors, status } = formErrors(error, locale);
      return renderCustomer(request, reply, request.params.id, { errors, status, noteValue: form.body ?? '' });
    }
  });

  app.post(adminPaths.customerDataExport(':id'), ownerOnly, async (request: IdRequest, reply) => {
    const { customer, subject } = await subjectOf(request.params.id);
    const { path, expiresAt } = await personalData.produceAccessArchive(subject, requestLocale(request));
    return sendPage(reply, <CustomerExportPage ctx={adminContext(request, reply)} customer={customer} url={`${baseUrl}${path}`} expiresAt={expiresAt} />);
  });

  app.get(adminPaths.customerErase(':id'), ownerOnly, async (request: IdRequest, reply) => {
    const { customer, subject } = await subjectOf(request.params.id);
    const { found, failed } = await personalData.inventory(subject);
    return sendPage(reply, <CustomerErasePage ctx={adminContext(request, reply)} customer={customer} found={found} failed={failed} />);
  });

  app.post(adminPaths.customerErase(':id'), ownerOnly, async (request: IdRequest, reply) => {
    const { subject } = await subjectOf(request.params.id);
    const report = await personalData.erase(subject);
    return sendPage(reply, <CustomerErasedPage ctx={adminContext(request, reply)} report={report} />);
  });
}

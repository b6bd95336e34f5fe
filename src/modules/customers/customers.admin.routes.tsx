import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, formStrings, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { sendPage } from '../../platform/views/render.js';
import type { Errors } from '../../ui/form.js';
import { adminContext } from '../admin/index.js';
import type { CustomerBooking, Editor } from './customers.model.js';
import { listQuerySchema } from './customers.schemas.js';
import type { CustomersService } from './customers.service.js';
import { CustomerEditPage, CustomerListPage, CustomerPage, customerToFormValues, type CustomerFormValues } from './views/customer-pages.js';

type IdRequest<Extra = object> = FastifyRequest<{ Params: { id: string } } & Extra>;

export interface CustomersAdminDeps {
  customers: CustomersService;
  /** A customer's bookings, latest first (the booking module's, wired in app.ts). */
  bookingsOf: (customerId: string) => Promise<CustomerBooking[]>;
  /** Post-mortem directives left from an address (rights module, wired in app.ts): shown to the owner only. */
  directivesOf?: (email: string) => Promise<{ receivedAt: string; text: string; href: string }[]>;
}

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
export async function customersAdminRoutes(app: FastifyInstance, { customers, bookingsOf, directivesOf }: CustomersAdminDeps) {

  app.get(adminPaths.customers, async (request, reply) => {
    const { q, page } = listQuerySchema.parse(request.query ?? {});
    const query = q.trim();
    const { customers: found, hasNext } = await customers.search(query, page);
    return sendPage(reply, <CustomerListPage ctx={adminContext(request, reply)} q={query} page={page} customers={found} hasNext={hasNext} />);
  });

  async function renderCustomer(request: FastifyRequest, reply: FastifyReply, id: string, options: { errors?: Errors; noteValue?: string; status?: number; saved?: 'changed' | 'unchanged' } = {}) {
    const customer = await customers.get(id);
    const [bookings, notes, changes, directives] = await Promise.all([
      bookingsOf(id),
      customers.notes(id),
      customers.changes(id),
      request.admin?.role === 'owner' && directivesOf ? directivesOf(customer.email) : [],
    ]);
    return sendPage(
      reply,
      <CustomerPage
        ctx={adminContext(request, reply)}
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
}

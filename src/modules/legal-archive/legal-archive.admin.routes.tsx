import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { adminPaths } from '../../platform/http/paths.js';
import { sendPage } from '../../platform/views/render.js';
import type { Errors } from '../../ui/form.js';
import { adminContext } from '../admin/index.js';
import { legalArchiveErrors } from './legal-archive.errors.js';
import type { ArchiveReader, LegalArchiveReads } from './legal-archive.service.js';
import { ArchiveEntryPage, ArchivesPage, type ArchiveFilterValues } from './views/archives-page.js';

const day = /^\d{4}-\d{2}-\d{2}$/;
const kindPattern = /^[a-z][a-z0-9-]{0,39}$/;
const entryParams = z.object({ kind: z.string().regex(kindPattern), recordId: z.string().min(1).max(100) });
const fileParams = entryParams.extend({ name: z.string().min(1).max(200) });

const filterTexts = {
  fr: {
    type: 'Le type s’écrit en minuscules, sans espace (par exemple invoice).',
    client: 'L’identifiant du client fait au plus 100 caractères.',
    du: 'La date de début s’écrit AAAA-MM-JJ.',
    au: 'La date de fin s’écrit AAAA-MM-JJ.',
    order: 'La date de fin doit suivre la date de début.',
  },
  en: {
    type: 'The type is written in lower case, without spaces (for example invoice).',
    client: 'The customer id is at most 100 characters long.',
    du: 'The start date is written YYYY-MM-DD.',
    au: 'The end date is written YYYY-MM-DD.',
    order: 'The end date must come after the start date.',
  },
};

/** The filter as typed, and the errors of the values that cannot be used (each named in the page). */
function readFilter(query: Record<string, unknown>, locale: 'fr' | 'en'): { values: ArchiveFilterValues; errors: Errors } {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const values: ArchiveFilterValues = { type: text(query.type), client: text(query.client), du: text(query.du), au: text(query.au) };
  const t = filterTexts[locale];
  const errors: Errors = {};
  if (values.type !== undefined && !kindPattern.test(values.type)) errors.type = t.type;
  if (values.client !== undefined && values.client.length > 100) errors.client = t.client;
  if (values.du !== undefined && !(day.test(values.du) && isRealDay(values.du))) errors.du = t.du;
  if (values.au !== undefined && !(day.test(values.au) && isRealDay(values.au))) errors.au = t.au;
  if (!errors.du && !errors.au && values.du && values.au && values.au < values.du) errors.au = t.order;
  return { values, errors };
}

function isRealDay(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The owner's legal archive: the list (by type, customer, day of archiving), one record as archived,
 * its files, and the read log. Owner only (staff get the guard's 403); every read is logged by the
 * archive before it answers.
 */
export async function legalArchiveAdminRoutes(app: FastifyInstance, { reads }: { reads: LegalArchiveReads }) {
  const ownerOnly = { config: { ownerOnly: true } };
  const readerOf = (request: FastifyRequest): ArchiveReader => ({ id: request.admin!.id, name: request.admin!.email });

  app.get(adminPaths.archives, ownerOnly, async (request, reply) => {
    const ctx = adminContext(request, reply);
    const { values, errors } = readFilter((request.query ?? {}) as Record<string, unknown>, ctx.locale);
    const valid = Object.keys(errors).length === 0;
    const entries = valid ? await reads.list({ kind: values.type, customerId: values.client, from: values.du, to: values.au }, readerOf(request)) : undefined;
    const [kinds, log] = await Promise.all([reads.kinds(), reads.log(100)]);
    const page = <ArchivesPage ctx={ctx} view={{ filter: values, errors, kinds, reads: log, zone: app.business.current().timezone, ...(entries ? { entries } : {}) }} />;
    return sendPage(reply, page, valid ? 200 : 422);
  });

  app.get('/admin/archives/:kind/:recordId', ownerOnly, async (request, reply) => {
    const parsed = entryParams.safeParse(request.params);
    if (!parsed.success) throw legalArchiveErrors.ARCHIVE_ENTRY_NOT_FOUND();
    const entry = await reads.open(parsed.data.kind, parsed.data.recordId, readerOf(request));
    if (!entry) throw legalArchiveErrors.ARCHIVE_ENTRY_NOT_FOUND();
    reply.header('cache-control', 'private, no-store');
    return sendPage(reply, <ArchiveEntryPage ctx={adminContext(request, reply)} entry={entry} />);
  });

  app.get('/admin/archives/:kind/:recordId/fichiers/:name', ownerOnly, async (request, reply) => {
    const parsed = fileParams.safeParse(request.params);
    if (!parsed.success) throw legalArchiveErrors.ARCHIVE_FILE_NOT_FOUND();
    const { kind, recordId, name } = parsed.data;
    const content = await reads.file(kind, recordId, name, readerOf(request));
    if (!content) throw legalArchiveErrors.ARCHIVE_FILE_NOT_FOUND();
    return reply
      .header('content-type', name.endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
      .header('cache-control', 'private, no-store')
      .send(content);
  });
}

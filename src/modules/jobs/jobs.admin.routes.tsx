import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defineErrors } from '../../platform/http/errors.js';
import { adminPaths } from '../../platform/http/paths.js';
import { sendPage } from '../../platform/views/render.js';
import { adminContext } from '../admin/index.js';
import type { JobsService } from './jobs.service.js';
import { JobsPage } from './views/jobs-page.js';

const PAGE_SIZE = 50;

const errors = defineErrors({
  JOB_NOT_FOUND: { status: 404, fr: 'Cette tâche n’existe pas ou a été supprimée.', en: 'This job does not exist or was deleted.' },
  JOB_NOT_DEAD: { status: 409, fr: 'Cette tâche n’est pas en échec : elle n’a pas besoin d’être relancée.', en: 'This job has not failed: it needs no retry.' },
});

const listQuery = z.object({
  etat: z.enum(['pending', 'done', 'cancelled', 'dead']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1).default(1),
});

/** The jobs in the back office: what waits, what ran, what failed for good (dead), and a retry for the latter. */
export async function jobsAdminRoutes(app: FastifyInstance, { jobs }: { jobs: JobsService }) {
  // The owner's: what the site does in the background is part of running it, like the e-mails page.
  app.get(adminPaths.jobs, { config: { ownerOnly: true } }, async (request, reply) => {
    const query = listQuery.parse(request.query);
    const [rows, counts] = await Promise.all([
      jobs.list({ ...(query.etat ? { status: query.etat } : {}), limit: PAGE_SIZE + 1, offset: (query.page - 1) * PAGE_SIZE }),
      jobs.counts(),
    ]);
    return sendPage(
      reply,
      <JobsPage
        ctx={adminContext(request, reply)}
        jobs={rows.slice(0, PAGE_SIZE).map((job) => ({ ...job, label: jobs.labelOf(job.kind) }))}
        counts={counts}
        status={query.etat}
        page={query.page}
        hasNext={rows.length > PAGE_SIZE}
      />,
    );
  });

  app.post(adminPaths.jobRetry(':id'), { config: { ownerOnly: true } }, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const job = await jobs.get(request.params.id);
    if (!job) throw errors.JOB_NOT_FOUND();
    if (!(await jobs.revive({ id: job.id }))) throw errors.JOB_NOT_DEAD();
    return reply.redirect(`${adminPaths.jobs}?etat=pending`, 303);
  });
}

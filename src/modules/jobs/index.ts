/** Work that must happen once, later or again: scheduled in the caller's transaction, run by one worker across instances, retried, dead-lettered. */
export { createJobsService, type JobsService } from './jobs.service.js';
export { PermanentJobFailure, type Job, type JobDefinition, type JobRun, type JobStatus, type NewJob } from './jobs.model.js';
export { jobsAdminRoutes } from './jobs.admin.routes.js';
export { jobsRegister } from './jobs.register.js';
export { createEventBus, type DomainEvent, type EventBus, type EventListener } from './jobs.events.js';
export type { CompanionInsert } from './jobs.queries.js';
/** For a personal-data port, inside the engine's transaction (it has no JobsService): cancels pending jobs by key. */
export { cancelPendingKeys as cancelPendingJobsWithin } from './jobs.queries.js';

/** Transactional mail: queued in the caller's transaction, delivered by a worker with retries. */
export { createOutboxService, type OutboxService } from './outbox.service.js';
export type { NewMessage, OutboxMessage, OutboxStatus, Attachment } from './outbox.model.js';
export { outboxAdminRoutes } from './outbox.admin.routes.js';
export { outboxRegister } from './outbox.register.js';

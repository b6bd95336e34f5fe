/** Outgoing webhooks: the business's events signed and POSTed to the owner's other tools, retried for three days, logged. */
export { createWebhooksService, type WebhooksService } from './webhooks.service.js';
export { webhooksRegister } from './webhooks.register.js';
export { webhookErrors } from './webhooks.errors.js';
export {
  WEBHOOK_EVENTS,
  createdWebhookEndpointResponseSchema,
  webhookEndpointRequestSchema,
  webhookEndpointResponseSchema,
  type WebhookEndpointResponse,
  type WebhookEventType,
} from './webhooks.schemas.js';
export type { Delivery } from './webhooks.queries.js';

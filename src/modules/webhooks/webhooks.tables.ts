/** Table types of the webhooks module. */

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  /** JSON array of event types, e.g. ["booking.created","booking.cancelled"]. */
  events: string;
  /** The signing secret, sealed with SECRET_KEY (platform/encryption.ts): shown once, then only used to sign. */
  secret_sealed: string;
  created_at: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/** One event sent (or to send) to one endpoint: its body is fixed when made, so every retry sends the same bytes. */
export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
}

export interface WebhooksTables {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

import { z } from 'zod';
import type { ValidationTexts } from '../../platform/http/validation.js';

/** The events an endpoint may subscribe to (docs: CONTEXT.md). */
export const WEBHOOK_EVENTS = ['booking.created', 'booking.moved', 'booking.cancelled', 'customer.updated', 'payment.succeeded', 'payment.refunded', 'invoice.issued'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** POST /api/v1/admin/webhooks, and the back office's form (its checkboxes post one value or several). */
export const webhookEndpointRequestSchema = z
  .object({
    url: z
      .string({ error: 'required' })
      .trim()
      .min(1, 'required')
      .max(2000, 'tooLong')
      .meta({ description: 'Where each event is POSTed: an http(s) URL; addresses on loopback and private networks are refused.', example: 'https://hooks.example.com/wservices' }),
    events: z
      .preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.enum(WEBHOOK_EVENTS, { error: 'event' }), { error: 'required' }).min(1, 'required').max(WEBHOOK_EVENTS.length, 'invalid'))
      .meta({ description: 'The events to receive.', example: ['booking.created', 'booking.cancelled'] }),
  })
  .strict();

export const webhookEndpointResponseSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  createdAt: z.string().meta({ description: 'ISO 8601, UTC.' }),
});
export type WebhookEndpointResponse = z.output<typeof webhookEndpointResponseSchema>;

export const createdWebhookEndpointResponseSchema = webhookEndpointResponseSchema.extend({
  secret: z.string().meta({
    description:
      'The signing secret, shown only in this answer. Each delivery carries `WServices-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with this secret>`.',
  }),
});

export const webhookValidationTexts: ValidationTexts = {
  fr: {
    'label.url': 'l’adresse (URL) de réception',
    'label.events': 'au moins un événement',
    'url.required': 'Indiquez l’adresse (URL) à laquelle envoyer les événements.',
    'events.required': 'Choisissez au moins un événement.',
    'events.event': `Événement inconnu\u00a0: choisissez parmi ${WEBHOOK_EVENTS.join(', ')}.`,
  },
  en: {
    'label.url': 'the receiving address (URL)',
    'label.events': 'at least one event',
    'url.required': 'Enter the address (URL) to send events to.',
    'events.required': 'Choose at least one event.',
    'events.event': `Unknown event: choose among ${WEBHOOK_EVENTS.join(', ')}.`,
  },
};

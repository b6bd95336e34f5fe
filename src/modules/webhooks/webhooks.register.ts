import type { ModuleRegister } from '../../platform/privacy-register.js';
import { deleteDeliveriesBefore } from './webhooks.queries.js';

/** A delivery's log (and the booking or customer it carried) is kept 30 days, then deleted. */
export const WEBHOOK_LOG_RETENTION_DAYS = 30;

export const webhooksRegister: ModuleRegister = {
  module: 'webhooks',
  activities: [
    {
      id: 'owner-tools',
      name: { fr: 'Transmission aux outils de gestion de l’entreprise', en: 'Transfer to the business’s management tools' },
      purpose: {
        fr: 'Tenir à jour, quand nous en avons relié, nos propres outils de gestion (comptabilité, agenda, messagerie) à chaque réservation, modification ou annulation.',
        en: 'Keeping our own management tools (accounting, calendar, messaging), when we have connected any, up to date with each booking, change or cancellation.',
      },
      legalBasis: 'contract',
      dataSubjects: { fr: 'les clients', en: 'customers' },
      dataCategories: [
        { fr: 'identité et coordonnées données lors de la réservation', en: 'identity and contact details given when booking' },
        { fr: 'réservation (prestation, date, lieu, prix, état)', en: 'booking (service, date, place, price, status)' },
      ],
      recipients: [{ fr: 'les outils de gestion que nous avons reliés, en qualité de sous-traitants', en: 'the management tools we have connected, as processors' }],
      retention: {
        fr: `Le journal des envois est conservé ${WEBHOOK_LOG_RETENTION_DAYS} jours, puis supprimé.`,
        en: `The log of what was sent is kept ${WEBHOOK_LOG_RETENTION_DAYS} days, then deleted.`,
      },
    },
  ],
  tables: [
    {
      table: 'webhook_endpoints',
      personal: {},
      nonPersonal: ['id', 'url', 'events', 'secret_sealed', 'created_at'],
    },
    {
      table: 'webhook_deliveries',
      personal: { body: ['owner-tools'], last_error: ['owner-tools'] },
      nonPersonal: ['id', 'endpoint_id', 'event_id', 'event_type', 'status', 'attempts', 'last_status_code', 'created_at', 'last_attempt_at', 'delivered_at'],
    },
  ],
  async sweep(db, now) {
    const deleted = await deleteDeliveriesBefore(db, new Date(now.getTime() - WEBHOOK_LOG_RETENTION_DAYS * 24 * 3_600_000).toISOString());
    return [{ activity: 'owner-tools', deleted, anonymised: 0 }];
  },
};

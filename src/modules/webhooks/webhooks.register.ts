import { exportRow, nonEmpty } from '../../platform/personal-data.js';
import type { ModuleRegister } from '../../platform/privacy-register.js';
import { cancelPendingJobsWithin } from '../jobs/index.js';
import { deleteDeliveries, deliveriesBefore, selectPersonalDeliveries } from './webhooks.queries.js';

/** The job that delivers one event to one endpoint (webhooks.service.ts). */
export const DELIVER_JOB = 'webhooks.deliver';
export const deliveryKey = (endpointId: string, eventId: string) => `${DELIVER_JOB}:${endpointId}:${eventId}`;

const deliveriesLabel = { fr: 'Envois à nos outils de gestion (webhooks)', en: 'Sent to our management tools (webhooks)' };

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
      recipients: [
        {
          fr: 'les outils de gestion que nous avons reliés, en qualité de sous-traitants',
          en: 'the management tools we have connected, as processors',
          role: 'processor',
          // The owner picks the tools (webhook endpoints); some are outside the Union (many automation services are American).
          country: { fr: 'selon l’outil, dans l’Union européenne ou hors de celle-ci', en: 'depending on the tool, in the European Union or outside it' },
          safeguards: {
            fr: 'pour un outil hors de l’Union européenne, une décision d’adéquation de la Commission européenne (par exemple le cadre de protection des données UE–États-Unis) ou les clauses contractuelles types de l’outil',
            en: 'for a tool outside the European Union, an adequacy decision of the European Commission (for example the EU–US Data Privacy Framework) or the tool’s standard contractual clauses',
          },
        },
      ],
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
  retention: [
    {
      id: 'webhooks.deliveries',
      activity: 'owner-tools',
      records: { fr: 'le journal de ce que nous transmettons à ces outils', en: 'the log of what we send to these tools' },
      keep: { days: WEBHOOK_LOG_RETENTION_DAYS },
      from: { fr: 'chaque envoi (un envoi encore en cours de tentatives est gardé jusque-là)', en: 'each sending (one still being retried is kept until then)' },
      then: 'delete',
      apply: ({ db }, cutoff, { dryRun }) => deliveriesBefore(db, cutoff.toISOString(), dryRun),
    },
  ],
  personalData: {
    async find({ db }, subject) {
      return nonEmpty([{ kind: 'webhook-deliveries', label: deliveriesLabel, count: (await selectPersonalDeliveries(db, subject)).length }]);
    },
    async export({ db }, subject) {
      const rows = (await selectPersonalDeliveries(db, subject)).map(({ id: _id, ...row }) => exportRow(row));
      return rows.length > 0 ? [{ kind: 'webhook-deliveries', label: deliveriesLabel, activities: ['owner-tools'], rows }] : [];
    },
    async erase({ db, now }, subject) {
      const deliveries = await selectPersonalDeliveries(db, subject);
      // A delivery still waiting is dropped with its job: the tools will not receive it.
      await cancelPendingJobsWithin(
        db,
        deliveries.map((d) => deliveryKey(d.endpoint_id, d.event_id)),
        now.toISOString(),
      );
      const deleted = await deleteDeliveries(
        db,
        deliveries.map((d) => d.id),
      );
      return nonEmpty([{ kind: 'webhook-deliveries', label: deliveriesLabel, action: 'deleted' as const, count: deleted }]);
    },
  },
};

import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { newId } from '../../platform/ids.js';
import type { JobsService } from './jobs.service.js';
import type { NewJob } from './jobs.model.js';

/**
 * Something that happened in the business (a booking made, moved or cancelled, a customer's
 * details changed), told to whoever listens (the webhooks), once, after the change committed.
 * It carries ids only: a listener reads what it needs when it runs.
 */
export interface DomainEvent {
  /** Stays the same for every delivery of this event, whatever the retries. */
  id: string;
  type: 'booking.created' | 'booking.moved' | 'booking.cancelled' | 'customer.updated' | 'payment.succeeded' | 'payment.refunded' | 'invoice.issued';
  /** The booking's or the customer's id; the payment's id (payment.*); the invoice's number (invoice.issued). */
  subjectId: string;
  occurredAt: string;
}

export type EventListener = (event: DomainEvent) => Promise<void>;

const PUBLISH_JOB = 'events.publish';

export type EventBus = ReturnType<typeof createEventBus>;

/**
 * Events ride on the jobs table: the change schedules the event's job in its own transaction (so
 * an event exists exactly when its change committed), and the job tells each listener. A
 * listener that fails makes the job run again, every listener included: listeners are idempotent.
 */
export function createEventBus(jobs: JobsService) {
  const listeners: EventListener[] = [];
  jobs.define<DomainEvent>({
    kind: PUBLISH_JOB,
    label: { fr: 'Publication d’un événement (webhooks)', en: 'Event publication (webhooks)' },
    retryBaseMs: 10_000,
    async run(event) {
      for (const listener of listeners) await listener(event);
    },
  });
  function jobFor(event: DomainEvent): NewJob {
    return { kind: PUBLISH_JOB, key: `event:${event.id}`, payload: { ...event }, runAt: new Date(event.occurredAt) };
  }

  return {
    /** The job that publishes `event`: scheduled by the caller in the transaction of the change (with its other jobs). */
    jobFor,
    /** Schedules `event`'s job inside the caller's transaction. */
    publishWithin: (db: Kysely<DB>, event: Omit<DomainEvent, 'id'>) => jobs.schedule(db, jobFor({ id: newId(), ...event })),
    listen(listener: EventListener): void {
      listeners.push(listener);
    },
  };
}

import type { ModuleRegister } from '../../platform/privacy-register.js';

/** Sent and failed messages are kept 90 days, long enough to answer "did you send it?", then deleted. */
export const OUTBOX_RETENTION_DAYS = 90;

export const outboxRegister: ModuleRegister = {
  module: 'outbox',
  activities: [
    {
      id: 'transactional-email',
      name: { fr: 'Envoi des e-mails liés aux réservations', en: 'Booking e-mails' },
      purpose: {
        fr: 'Vous envoyer la confirmation de votre réservation, un rappel avant votre rendez-vous, et vous prévenir de tout changement ou annulation.',
        en: 'Sending you the confirmation of your booking, a reminder before your appointment, and telling you of any change or cancellation.',
      },
      legalBasis: 'contract',
      dataSubjects: { fr: 'les clients', en: 'customers' },
      dataCategories: [
        { fr: 'adresse e-mail', en: 'e-mail address' },
        { fr: 'contenu des messages (prestation, date, référence, nom)', en: 'message content (service, date, reference, name)' },
      ],
      recipients: [{ fr: 'notre prestataire d’envoi d’e-mails, en qualité de sous-traitant', en: 'our e-mail delivery provider, as a processor' }],
      retention: {
        fr: `${OUTBOX_RETENTION_DAYS} jours après l’envoi, puis suppression.`,
        en: `${OUTBOX_RETENTION_DAYS} days after sending, then deleted.`,
      },
    },
  ],
  tables: [
    {
      table: 'outbox_messages',
      personal: {
        recipient: ['transactional-email'],
        reply_to: ['transactional-email'],
        subject: ['transactional-email'],
        text_body: ['transactional-email'],
        html_body: ['transactional-email'],
        attachments: ['transactional-email'],
        last_error: ['transactional-email'],
      },
      nonPersonal: ['id', 'message_id', 'kind', 'booking_id', 'locale', 'status', 'attempts', 'created_at', 'sent_at', 'failed_at', 'erase_after_sending', 'category', 'skip_reason'],
    },
  ],
  async sweep(db, now) {
    const cutoff = new Date(now.getTime() - OUTBOX_RETENTION_DAYS * 24 * 3_600_000).toISOString();
    const result = await db
      .deleteFrom('outbox_messages')
      .where('status', '!=', 'pending')
      // From the sending (or the giving up, for a failed one), not the queuing: a message sent again weeks later keeps its 90 days.
      .where((eb) => eb(eb.fn.coalesce('sent_at', 'failed_at', 'created_at'), '<', cutoff))
      .executeTakeFirst();
    return [{ activity: 'transactional-email', deleted: Number(result.numDeletedRows), anonymised: 0 }];
  },
};

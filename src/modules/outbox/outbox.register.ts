import { exportRow, nonEmpty } from '../../platform/personal-data.js';
import type { ModuleRegister, PortContext } from '../../platform/privacy-register.js';
import { emailProvider } from '../../platform/recipients.js';
import { cancelPendingJobsWithin } from '../jobs/index.js';
import { deleteMailCopies, oldMailCopies, personalMailCopies } from './outbox.files.js';
import * as queries from './outbox.queries.js';

/** Sent and failed messages are kept 90 days, long enough to answer "did you send it?", then deleted. */
export const OUTBOX_RETENTION_DAYS = 90;

/** The key of a message's delivery job (DELIVER_JOB, outbox.service.ts): the port cancels it. */
export const deliveryKey = (id: string) => `outbox.deliver:${id}`;

const kinds = {
  messages: { fr: 'E-mails', en: 'E-mails' },
  copies: { fr: 'Copies .eml des e-mails', en: '.eml copies of the e-mails' },
};

export const outboxRegister: ModuleRegister = {
  module: 'outbox',
  activities: [
    {
      id: 'transactional-email',
      name: { fr: 'Envoi des e-mails liés aux réservations', en: 'Booking e-mails' },
      // The record of processing activities (art. 30) is the controller's: in the third person.
      record: {
        fr: 'Envoyer aux clients la confirmation de leur réservation, un rappel avant le rendez-vous, et les prévenir de tout changement ou annulation.',
        en: 'Sending customers the confirmation of their booking, a reminder before the appointment, and telling them of any change or cancellation.',
      },
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
      recipients: [emailProvider],
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
  stores: [
    {
      id: 'outbox.eml-copies',
      description: {
        fr: 'Une copie .eml de chaque e-mail, écrite sur le serveur quand aucun serveur d’envoi (SMTP) n’est configuré, pour que nous puissions le lire et le transmettre',
        en: 'An .eml copy of each e-mail, written on the server when no sending (SMTP) server is configured, so that we can read and forward it',
      },
      location: 'mail/*.eml',
      activities: ['transactional-email'],
    },
  ],
  retention: [
    {
      id: 'outbox.messages',
      activity: 'transactional-email',
      records: { fr: 'les e-mails que nous vous envoyons', en: 'the e-mails we send you' },
      keep: { days: OUTBOX_RETENTION_DAYS },
      from: { fr: 'leur envoi (un e-mail en attente d’envoi est gardé jusque-là)', en: 'they are sent (an e-mail waiting to be sent is kept until then)' },
      then: 'delete',
      apply: ({ db }, cutoff, { dryRun }) => queries.messagesDoneBefore(db, cutoff.toISOString(), dryRun),
    },
    {
      id: 'outbox.eml-copies',
      activity: 'transactional-email',
      records: { fr: 'leurs copies .eml enregistrées sur notre serveur', en: 'their .eml copies on our server' },
      keep: { days: OUTBOX_RETENTION_DAYS },
      from: { fr: 'leur écriture', en: 'they are written' },
      then: 'delete',
      // The hourly clean-up (outbox.prune-mail-files) does the same between two runs.
      apply: ({ dataDir }, cutoff, { dryRun }) => oldMailCopies(dataDir, cutoff, dryRun),
    },
  ],
  personalData: {
    async find(ctx, subject) {
      const { messages, copies } = await personalMail(ctx, subject.emails);
      return nonEmpty([
        { kind: 'emails', label: kinds.messages, count: messages.length },
        { kind: 'email-copies', label: kinds.copies, count: copies.length },
      ]);
    },
    async export(ctx, subject) {
      const { messages, copies } = await personalMail(ctx, subject.emails);
      const records = [{ kind: 'emails', label: kinds.messages, activities: ['transactional-email'], rows: messages.map(({ id: _id, ...row }) => exportRow(row)) }];
      return [
        ...records.filter((r) => r.rows.length > 0),
        ...(copies.length > 0
          ? [
              {
                kind: 'email-copies',
                label: kinds.copies,
                activities: ['transactional-email'],
                rows: copies.map((copy) => ({ file: copy.name })),
                files: copies.map((copy) => ({ name: copy.name, content: copy.content })),
              },
            ]
          : []),
      ];
    },
    async erase(ctx, subject) {
      const { messages, copies } = await personalMail(ctx, subject.emails);
      const ids = messages.map((m) => m.id);
      // A message still waiting is dropped: its delivery job is cancelled (and would find nothing to send).
      await cancelPendingJobsWithin(ctx.db, ids.map(deliveryKey), ctx.now.toISOString());
      const deleted = await queries.deleteMessages(ctx.db, ids);
      const files = await deleteMailCopies(copies);
      return nonEmpty([
        { kind: 'emails', label: kinds.messages, action: 'deleted' as const, count: deleted },
        { kind: 'email-copies', label: kinds.copies, action: 'deleted' as const, count: files },
      ]);
    },
  },
};

async function personalMail(ctx: PortContext, emails: readonly string[]) {
  const messages = await queries.selectPersonalMessages(ctx.db, emails);
  const copies = await personalMailCopies(
    ctx.dataDir,
    messages.map((m) => m.message_id),
    emails,
  );
  return { messages, copies };
}

import type { OutboxService } from '../outbox/index.js';
import { mailLogoContentId } from '../../platform/views/logo.js';
import type { SettingsService } from './settings.service.js';

type Enqueued = Parameters<OutboxService['enqueue']>[1];

/**
 * The outbox, with the logo attached inline (cid:) to each mail whose layout shows it. Inline
 * rather than a link to the site: the mail shows the logo without fetching anything (most mail
 * apps block remote images, and a fetch on opening would tell us who read the mail, with their IP
 * address, which we do not want to collect); the PNG made for mails weighs a few kilobytes.
 */
export function withMailLogo(outbox: OutboxService, settings: Pick<SettingsService, 'mailLogo' | 'snapshot'>): OutboxService {
  const attach = (message: Enqueued): Enqueued => {
    const logo = settings.snapshot().logo;
    const image = settings.mailLogo();
    if (!logo || !image || image.id !== logo.id) return message;
    const cid = mailLogoContentId(logo);
    if (!message.html.includes(`cid:${cid}`)) return message;
    const inline = { filename: 'logo.png', contentType: 'image/png', content: image.png.toString('base64'), encoding: 'base64' as const, cid };
    return { ...message, attachments: [...(message.attachments ?? []), inline] };
  };
  return {
    ...outbox,
    enqueue: (db, message, ...rest) => outbox.enqueue(db, attach(message), ...rest),
    // Whatever else the outbox takes (the jobs to schedule with the messages) passes through.
    enqueueAll: (db, messages, ...rest) => outbox.enqueueAll(db, messages.map(attach), ...rest),
  };
}

import { z } from 'zod';
import type { ValidationTexts } from '../../platform/http/validation.js';

// Control characters and bidi overrides refused (line breaks only where a text may have several lines).
const multiLine = /^[^\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/;
const singleLine = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/;
const text = (max: number, pattern: RegExp) =>
  z.preprocess((v) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : v), z.string({ error: 'required' }).trim().min(1, 'required').max(max, 'tooLong').regex(pattern, 'invalid'));

/** Who recorded a change (a back-office account, a rights request): one line. */
export const actorSchema = z.string().trim().min(1).max(200).regex(singleLine);

/** The owner restricts processing: why (the person contests the accuracy, objected and awaits our answer…). */
export const restrictFormSchema = z.object({ reason: text(1000, multiLine) });

export const noticeEvents = ['rectification', 'erasure', 'restriction'] as const;

/** A recipient told of a change (art. 19), as the owner records it. */
export const noticeFormSchema = z.object({
  event: z.enum(noticeEvents, { error: 'required' }),
  recipient: text(300, singleLine),
  content: text(1000, multiLine),
  method: text(1000, multiLine),
});

export const restrictionValidationTexts: ValidationTexts = {
  fr: {
    'label.reason': 'le motif de la limitation',
    'label.event': 'le changement notifié',
    'label.recipient': 'le destinataire',
    'label.content': 'ce qui a été transmis',
    'label.method': 'comment',
  },
  en: {
    'label.reason': 'the reason for the restriction',
    'label.event': 'the change notified',
    'label.recipient': 'the recipient',
    'label.content': 'what was passed on',
    'label.method': 'how',
  },
};

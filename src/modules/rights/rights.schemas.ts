import { z } from 'zod';
import type { ValidationTexts } from '../../platform/http/validation.js';
import type { PrivacyRequestType } from './rights.tables.js';

export const requestTypes = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability', 'directive', 'question'] as const satisfies readonly PrivacyRequestType[];

/** The longest text a person may write (a question, what to correct, their directives). */
export const DETAILS_MAX = 5000;
/** The longest text the owner writes (a reason, a reply). */
export const OWNER_TEXT_MAX = 5000;

const noControl = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]*$/;
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** An e-mail address as a browser's type="email" field accepts it, 254 characters at most. */
const emailAddress = (params?: { error: string }) =>
  z
    .string(params)
    .trim()
    .max(254, 'tooLong')
    .regex(noControl, 'email')
    .pipe(z.email({ error: 'email', pattern: z.regexes.html5Email }));

/** POST /api/v1/privacy-requests and the /mes-droits form: the same schema. */
export const privacyRequestSchema = z
  .object({
    type: z.enum(requestTypes, { error: 'type' }).meta({
      description:
        'access (a copy of your data), rectification (correct it), erasure (delete it), restriction (freeze its use), objection (stop a use, prospecting included), portability (your data in a machine-readable file), directive (what happens to your data after your death), question (anything else).',
    }),
    // format: the transform's e-mail check is on the output side, which an input description does not show.
    email: z.preprocess(blankToUndefined, emailAddress({ error: 'required' })).meta({
      format: 'email',
      description: 'Your e-mail address: the confirmation link is sent there, and the answer too.',
      examples: ['marie.dupont@example.fr'],
    }),
    deceasedEmail: z.preprocess(blankToUndefined, emailAddress().optional()).meta({
      format: 'email',
      description:
        'Only when you ask on behalf of a close relative who has died (an heir): their e-mail address, so that we find the directives they left us about their data (French Data Protection Act, art. 85).',
      examples: ['jean.dupont@example.fr'],
    }),
    details: z
      .preprocess(blankToUndefined, z.string().trim().max(DETAILS_MAX, 'tooLong').regex(noControl, 'invalid').optional())
      .meta({ description: `What you ask, what to correct, or your directives (at most ${DETAILS_MAX} characters).` }),
  })
  .strict();

/** Required texts of the back office's forms (a reason, a reply). */
export const ownerTextSchema = z.object({
  text: z.preprocess(blankToUndefined, z.string({ error: 'required' }).trim().max(OWNER_TEXT_MAX, 'tooLong').regex(noControl, 'invalid')),
});

/** A request that needs the person's text: a question, a rectification, directives. */
export const typesNeedingDetails: readonly PrivacyRequestType[] = ['rectification', 'directive', 'question'];

export const rightsValidationTexts: ValidationTexts = {
  fr: {
    'label.email': 'votre adresse e-mail',
    'label.details': 'votre message',
    'label.deceasedEmail': 'l’adresse e-mail de la personne décédée',
    'deceasedEmail.email': 'Saisissez l’adresse e-mail de la personne décédée sous la forme nom@exemple.fr, ou laissez ce champ vide.',
    'deceasedEmail.tooLong': 'Cette adresse e-mail est trop longue (254\u00a0caractères au plus).',
    'label.type': 'ce que vous demandez',
    'label.text': 'ce texte',
    email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
    'email.required': 'Indiquez votre adresse e-mail\u00a0: nous y envoyons le lien de confirmation.',
    'type.type': 'Choisissez ce que vous demandez dans la liste.',
    'type.required': 'Choisissez ce que vous demandez dans la liste.',
    'details.required': 'Écrivez votre demande en quelques mots.',
    'text.required': 'Écrivez ce texte\u00a0: il est envoyé à la personne ou gardé dans l’historique.',
  },
  en: {
    'label.email': 'your e-mail address',
    'label.details': 'your message',
    'label.deceasedEmail': 'the e-mail address of the person who died',
    'deceasedEmail.email': 'Enter the e-mail address of the person who died as name@example.com, or leave this field empty.',
    'deceasedEmail.tooLong': 'This e-mail address is too long (254 characters at most).',
    'label.type': 'what you are asking for',
    'label.text': 'this text',
    email: 'Enter a valid e-mail address, e.g. name@example.com.',
    'email.required': 'Enter your e-mail address: we send the confirmation link there.',
    'type.type': 'Choose what you are asking for from the list.',
    'type.required': 'Choose what you are asking for from the list.',
    'details.required': 'Write your request in a few words.',
    'text.required': 'Write this text: it is sent to the person or kept in the history.',
  },
};

/** 202: what the API answers, whether or not the address is known. */
export const privacyRequestAcceptedSchema = z.object({
  status: z.literal('pending_confirmation').meta({ description: 'A confirmation link has been mailed to the address; the request counts once it is confirmed (within 24 hours).' }),
});
export type PrivacyRequestAccepted = z.output<typeof privacyRequestAcceptedSchema>;

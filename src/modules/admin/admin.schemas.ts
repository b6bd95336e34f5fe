import { z } from 'zod';
import type { ValidationTexts } from '../../platform/http/validation.js';

/** NIST SP 800-63B: length over composition rules; 12 characters at least, passphrases welcome. */
export const PASSWORD_MIN_LENGTH = 12;

export const credentialsSchema = z.object({
  email: z
    .string({ error: 'required' })
    .trim()
    .min(1, 'required')
    .max(254, 'tooLong')
    .pipe(z.email({ error: 'email', pattern: z.regexes.html5Email }))
    .transform((e) => e.toLowerCase()),
  password: z.string({ error: 'required' }).min(1, 'required').max(1024, 'tooLong'),
});

export const newAccountSchema = credentialsSchema.extend({
  password: z.string({ error: 'required' }).min(PASSWORD_MIN_LENGTH, 'passwordLength').max(1024, 'tooLong'),
});

export const adminValidationTexts: ValidationTexts = {
  fr: {
    'label.email': 'votre adresse e-mail',
    'label.password': 'votre mot de passe',
    email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
    passwordLength: `Choisissez un mot de passe d’au moins ${PASSWORD_MIN_LENGTH} caractères\u00a0; une phrase de passe convient très bien.`,
  },
  en: {
    'label.email': 'your e-mail address',
    'label.password': 'your password',
    email: 'Enter a valid e-mail address, e.g. name@example.com.',
    passwordLength: `Choose a password of at least ${PASSWORD_MIN_LENGTH} characters; a passphrase works well.`,
  },
};

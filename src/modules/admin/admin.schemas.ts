import { z } from 'zod';
import type { ValidationTexts } from '../../platform/http/validation.js';

/** NIST SP 800-63B: length over composition rules; 12 characters at least, passphrases welcome. */
export const PASSWORD_MIN_LENGTH = 12;

const emailField = z
  .string({ error: 'required' })
  .trim()
  .min(1, 'required')
  .max(254, 'tooLong')
  .pipe(z.email({ error: 'email', pattern: z.regexes.html5Email }))
  .transform((e) => e.toLowerCase());

const newPassword = z.string({ error: 'required' }).min(PASSWORD_MIN_LENGTH, 'passwordLength').max(1024, 'tooLong');
const anyPassword = z.string({ error: 'required' }).min(1, 'required').max(1024, 'tooLong');

export const credentialsSchema = z.object({ email: emailField, password: anyPassword });

export const newAccountSchema = credentialsSchema.extend({ password: newPassword });

export const roleSchema = z.enum(['owner', 'staff'], { error: 'role' });

export const emailSchema = z.object({ email: emailField });

export const invitationSchema = z.object({ email: emailField, role: roleSchema });

export const newPasswordSchema = z.object({ password: newPassword });

export const passwordChangeSchema = z.object({ currentPassword: anyPassword, password: newPassword });

export const passwordSchema = z.object({ password: anyPassword });

/** A TOTP code (six digits, spaces allowed) or a recovery code (ten letters and digits, dashes and spaces allowed). */
export const codeSchema = z.object({
  code: z
    .string({ error: 'required' })
    .max(64, 'tooLong')
    .transform((c) => c.replace(/[\s-]/g, ''))
    .pipe(z.string().min(1, 'required')),
});

export const adminValidationTexts: ValidationTexts = {
  fr: {
    'label.email': 'votre adresse e-mail',
    'label.password': 'votre mot de passe',
    'label.currentPassword': 'votre mot de passe actuel',
    'label.code': 'le code',
    'label.role': 'le rôle',
    email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
    passwordLength: `Choisissez un mot de passe d’au moins ${PASSWORD_MIN_LENGTH} caractères\u00a0; une phrase de passe convient très bien.`,
    role: 'Choisissez le rôle\u00a0: responsable ou équipe.',
  },
  en: {
    'label.email': 'your e-mail address',
    'label.password': 'your password',
    'label.currentPassword': 'your current password',
    'label.code': 'the code',
    'label.role': 'the role',
    email: 'Enter a valid e-mail address, e.g. name@example.com.',
    passwordLength: `Choose a password of at least ${PASSWORD_MIN_LENGTH} characters; a passphrase works well.`,
    role: 'Choose the role: owner or staff.',
  },
};

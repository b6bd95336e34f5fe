import { z } from 'zod';
import type { ValidationTexts } from '../../platform/http/validation.js';

/** The e-mail form that asks for a sign-in link. */
export const signInRequestSchema = z.object({
  email: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z
      .string({ error: 'required' })
      .trim()
      .max(254, 'tooLong')
      .regex(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/, 'email')
      .pipe(z.email({ error: 'email', pattern: z.regexes.html5Email })),
  ),
});

export const customerSpaceValidationTexts: ValidationTexts = {
  fr: {
    'label.email': 'votre adresse e-mail',
    email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
    'email.required': 'Indiquez l’adresse e-mail avec laquelle vous avez réservé.',
  },
  en: {
    'label.email': 'your e-mail address',
    email: 'Enter a valid e-mail address, e.g. name@example.com.',
    'email.required': 'Enter the e-mail address you booked with.',
  },
};

import { z } from 'zod';

/**
 * Who runs the site: every business detail the pages, mails and legal texts show.
 * Defaults describe W Services; another business overrides them with BUSINESS_FILE.
 */
export const businessProfileSchema = z
  .object({
    name: z.string().min(1),
    /** One line under the name on the home page. */
    tagline: z.object({ fr: z.string().min(1), en: z.string().min(1) }),
    legalName: z.string().min(1),
    legalForm: z.string().min(1),
    /** The data controller ("responsable du traitement") named in the privacy policy. */
    controllerName: z.string().min(1),
    address: z.object({
      line1: z.string().min(1),
      postalCode: z.string().min(1),
      city: z.string().min(1),
      country: z.string().length(2),
    }),
    email: z.email(),
    /** Where new-booking notices go; defaults to `email`. */
    notificationEmail: z.email().optional(),
    phone: z.string().min(1).optional(),
    /** How customers pay, told in every booking mail (until payments record it per booking). */
    paymentNote: z.object({ fr: z.string().min(1), en: z.string().min(1) }).optional(),
    website: z.url(),
    siret: z.string().regex(/^\d{14}$/, 'a SIRET is 14 digits').optional(),
    vatNumber: z.string().min(1).optional(),
    /** Shown on prices and in the terms when the business is exempt (art. 293 B du CGI). */
    vatExempt: z.boolean(),
    timezone: z.string().refine(isValidTimeZone, 'an IANA time zone such as Europe/Paris'),
    currency: z.literal('EUR'),
    /** The consumer mediator French law requires (art. L612-1 du code de la consommation). */
    mediator: z.object({ name: z.string().min(1), address: z.string().min(1), website: z.url() }).optional(),
    /** The web host the legal notice must name (LCEN art. 6). */
    host: z.object({ name: z.string().min(1), address: z.string().min(1) }).optional(),
  })
  .strict();

export type BusinessProfile = z.infer<typeof businessProfileSchema>;

export const defaultBusinessProfile: BusinessProfile = {
  name: 'W Services',
  tagline: {
    fr: 'Dépannage, installation et ateliers informatiques à Châtillon et aux alentours.',
    en: 'Computer repair, setup and workshops in Châtillon and nearby.',
  },
  legalName: 'W SERVICES',
  legalForm: 'Entreprise individuelle',
  controllerName: 'M. Oualid Ouerchfani',
  address: { line1: '17 allée Edgar Brandt', postalCode: '92320', city: 'Châtillon', country: 'FR' },
  email: 'contact@wservicesparis.com',
  website: 'https://www.wservicesparis.com',
  // What the booking form and the terms of sale already say (legal/terms.ts): the mails must not promise more.
  paymentNote: {
    fr: 'Le prix est payable le jour de la prestation.',
    en: 'The price is payable on the day of the service.',
  },
  vatExempt: false,
  timezone: 'Europe/Paris',
  currency: 'EUR',
};

/** Legal details French law expects and the profile lacks: printed as warnings at start. */
export function missingLegalDetails(profile: BusinessProfile): string[] {
  const missing: string[] = [];
  if (!profile.mediator) missing.push('mediator: French law requires a consumer mediator for consumer contracts');
  if (!profile.siret) missing.push('siret: the legal notice and invoices must show the SIRET number');
  if (!profile.host) missing.push('host: the legal notice must name the web host');
  return missing;
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

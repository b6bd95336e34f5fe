import { z } from 'zod';
import { isValidFrenchVatNumber, isValidSiret, normaliseSiret, normaliseVatNumber, sirenOfVatNumber } from './business-identifiers.js';

/** Hours before a booking: the reminder's delay and the cancellation cut-off (up to 30 days). */
export const MAX_POLICY_HOURS = 720;

/** The uploaded logo, kept by the settings module; its id names its bytes (a hash), so its URLs never go stale. */
export const businessLogoSchema = z
  .object({
    id: z.string().regex(/^[a-f0-9]{16,64}$/),
    contentType: z.enum(['image/png', 'image/jpeg', 'image/svg+xml']),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  })
  .strict();
export type BusinessLogo = z.infer<typeof businessLogoSchema>;

/**
 * Who runs the site: every business detail the pages, mails and legal texts show. Kept in the
 * database by the settings module (the owner edits it at /admin/parametres); the defaults describe
 * W Services, and BUSINESS_FILE (the same fields, in JSON) seeds it on the first start only.
 * Messages are short keys: the settings form words them in French or English, the start-up check in English.
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
    /** Typed with or without spaces; kept as its 14 digits, its Luhn key checked. */
    siret: z.preprocess((v) => (typeof v === 'string' ? normaliseSiret(v) : v), z.string().regex(/^\d{14}$/, 'siretFormat').refine(isValidSiret, 'siretKey')).optional(),
    /** A French intra-community VAT number (FR + key + SIREN), its key checked. */
    vatNumber: z.preprocess((v) => (typeof v === 'string' ? normaliseVatNumber(v) : v), z.string().regex(/^FR\d{11}$/, 'vatFormat').refine(isValidFrenchVatNumber, 'vatKey')).optional(),
    /** Shown on prices and in the terms when the business is exempt (art. 293 B du CGI). */
    vatExempt: z.boolean(),
    /** The option to pay VAT on debits (« TVA acquittée sur les débits »), printed on invoices when chosen. */
    vatOnDebits: z.boolean().optional(),
    /** The late-payment penalty rate printed on invoices, in basis points a year (1250: 12,50 %); absent: three times the legal interest rate. */
    latePaymentRateBp: z.number().int().min(1).max(10000).optional(),
    timezone: z.string().refine(isValidTimeZone, 'an IANA time zone such as Europe/Paris'),
    currency: z.literal('EUR'),
    /** The consumer mediator French law requires (art. L612-1 du code de la consommation). */
    mediator: z.object({ name: z.string().min(1), address: z.string().min(1), website: z.url() }).optional(),
    /** The web host the legal notice must name (LCEN art. 6). */
    host: z.object({ name: z.string().min(1), address: z.string().min(1) }).optional(),
    /** A reminder mail this many hours before each booking; 0: none. A service may set its own. */
    reminderHoursBefore: z.number().int().min(0).max(MAX_POLICY_HOURS).default(24),
    /** A customer may cancel or move a booking until this many hours before it. A service may set its own. */
    cancellationCutoffHours: z.number().int().min(0).max(MAX_POLICY_HOURS).default(24),
    logo: businessLogoSchema.optional(),
  })
  .strict();

/**
 * What BUSINESS_FILE may hold: the profile without the logo, which is only uploaded. Checked as the
 * settings form checks it: a VAT number carries the SIRET's SIREN (invoices print both; a mismatch
 * is a typo in one of them). A missing one is only warned about (missingLegalDetails), as the SIRET is.
 */
export const businessFileSchema = businessProfileSchema.omit({ logo: true }).superRefine((profile, ctx) => {
  if (profile.vatNumber && profile.siret && sirenOfVatNumber(profile.vatNumber) !== profile.siret.slice(0, 9)) {
    ctx.addIssue({ code: 'custom', path: ['vatNumber'], message: 'vatSiren', input: profile.vatNumber });
  }
});

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
  reminderHoursBefore: 24,
  cancellationCutoffHours: 24,
};

/** The English words of the profile's own checks, for the start-up report on BUSINESS_FILE. */
export const businessCheckTexts: Record<string, string> = {
  siretFormat: 'a SIRET is 14 digits (spaces allowed)',
  siretKey: 'this SIRET fails its check digit (Luhn key): a digit is probably mistyped',
  vatFormat: 'a French VAT number: FR, a two-digit key and the 9-digit SIREN',
  vatKey: 'this VAT number fails its key check: its key does not match its SIREN',
  vatSiren: 'this VAT number does not carry the SIRET’s SIREN (its last 9 digits must be the SIRET’s first 9): one of the two is mistyped',
};

/**
 * The business profile in force. The settings module keeps it current on every instance: it
 * checks the stored version at the start of each request (and before background work), so
 * current() during a request returns what the owner saved last, whichever instance he saved on.
 */
export interface BusinessProfileSource {
  current(): BusinessProfile;
}

/** Legal details French law expects and the profile lacks: printed as warnings at start. */
export function missingLegalDetails(profile: BusinessProfile): string[] {
  const missing: string[] = [];
  if (!profile.mediator) missing.push('mediator: French law requires a consumer mediator for consumer contracts');
  if (!profile.siret) missing.push('siret: the legal notice and invoices must show the SIRET number');
  if (!profile.vatExempt && !profile.vatNumber) missing.push('vatNumber: invoices must show the VAT number (or set "vatExempt": true for the franchise, art. 293 B du CGI): no invoice is issued without it');
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

/**
 * The business as a mail sender, "Name <email>": the name is quoted when it holds a character an
 * address header gives a meaning to (a comma would otherwise split it into two addresses).
 */
export function businessMailbox(profile: Pick<BusinessProfile, 'name' | 'email'>): string {
  const name = profile.name.replace(/[\r\n\t]+/g, ' ').trim();
  const quoted = /[",;:<>()[\]\\@.]/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : name;
  return `${quoted} <${profile.email}>`;
}

import { isCalendarDate } from '../../platform/time-zone.js';
import { MAX_POLICY_HOURS } from '../../platform/business.js';
import { z } from 'zod';
import type { ValidationTexts } from '../../platform/http/validation.js';
import { parseDuration } from '../../platform/i18n/format.js';
import { slugFrom } from '../../platform/i18n/typography.js';
import { customerFields, MAX_BUFFER_MINUTES, MAX_DURATION_MINUTES, paymentChoices, paymentOptions, schedulingModes, serviceLocations, withdrawalPolicies, type OpeningInterval } from './catalog.model.js';

/** Forms post strings; a checkbox group posts nothing, one string, or several. */
const stringList = z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(z.string()));
const checkbox = z.preprocess((value) => value === 'on' || value === 'true' || value === true || value === '1', z.boolean());
const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
    z.number({ error: 'wholeNumber' }).int('wholeNumber').min(min, 'range').max(max, 'range'),
  );
/** A duration typed as "1 h 30", "45 min", "2 j" or a number of minutes → minutes. */
const duration = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? (parseDuration(value) ?? value) : value),
    z.number({ error: 'duration' }).int('duration').min(min, 'range').max(max, 'range'),
  );
const optionalDuration = (min: number, max: number) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '') || value === undefined ? null : value, duration(min, max).nullable());
const optionalText = (max: number) => z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), z.string().trim().max(max, 'tooLong').optional());
const text = (max: number) => z.string({ error: 'required' }).trim().min(1, 'required').max(max, 'tooLong');
/** Hours before a booking (0 to 30 days); empty: null, the business profile's setting applies. */
const optionalHours = z.preprocess((value) => (value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value), wholeNumber(0, MAX_POLICY_HOURS).nullable());

/** "49", "49,00", "1 234,5" or "49.90" euros → cents. */
const euros = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const normalised = value.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(normalised) ? Math.round(Number(normalised) * 100) : value;
}, z.number({ error: 'price' }).int('price').min(0, 'price').max(10_000_000, 'price'));

/** "20" or "5,5" percent → basis points. */
const percent = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const normalised = value.replace(/[\s%]/g, '').replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(normalised) ? Math.round(Number(normalised) * 100) : value;
}, z.number({ error: 'vatRate' }).int('vatRate').min(0, 'vatRate').max(10000, 'vatRate'));

/**
 * The VAT rates French law knows, in basis points: 20, 10, 5,5 and 2,1 % in mainland France,
 * 13 and 0,9 % in Corsica, 8,5, 1,75 and 1,05 % overseas, and 0. Any other number is a typo
 * (« 2 » for 20, « 19,6 » from before 2014) that would be printed on every invoice.
 */
export const FRENCH_VAT_RATES_BP = [2000, 1300, 1000, 850, 550, 210, 175, 105, 90, 0] as const;
const vatRate = percent.refine((bp) => (FRENCH_VAT_RATES_BP as readonly number[]).includes(bp), 'vatRateFrench');

/** What a service's URL name may be: lowercase letters without accents, digits and single hyphens. */
export const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 80;

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** An https address with a host and nothing a mail or a calendar file could choke on. */
export function isHttpsUrl(value: string): boolean {
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

export const serviceFormSchema = z.object({
  /** Made from the French name when left empty. */
  slug: z.preprocess(blankToUndefined, z.string({ error: 'slug' }).trim().toLowerCase().regex(slugPattern, 'slug').max(SLUG_MAX_LENGTH, 'tooLong').optional()),
  nameFr: text(120),
  /** English texts are optional: the English site shows the French ones instead. */
  nameEn: optionalText(120),
  descriptionFr: text(4000),
  descriptionEn: optionalText(4000),
  durationMinutes: duration(5, MAX_DURATION_MINUTES),
  price: euros,
  vatRate,
  capacity: wholeNumber(1, 500),
  bufferBeforeMinutes: duration(0, MAX_BUFFER_MINUTES),
  bufferAfterMinutes: duration(0, MAX_BUFFER_MINUTES),
  minNoticeMinutes: duration(0, 60 * 24 * 60),
  horizonDays: wholeNumber(1, 730),
  slotStepMinutes: optionalDuration(5, 24 * 60),
  requiredFields: stringList.pipe(z.array(z.enum(customerFields, { error: 'invalid' }))),
  withdrawalPolicy: z.enum(withdrawalPolicies, { error: 'invalid' }),
  /** Where the service happens; at the business when not given. */
  location: z.preprocess(blankToUndefined, z.enum(serviceLocations, { error: 'invalid' }).optional()),
  /** The link of an online service (https only); ignored for the other places. */
  onlineUrl: z.preprocess(blankToUndefined, z.string({ error: 'onlineUrl' }).trim().max(500, 'tooLong').refine(isHttpsUrl, 'onlineUrl').optional()),
  active: checkbox,
  position: wholeNumber(0, 10000),
  // Absent from older forms and API clients: a service is then offered at open hours, one place per booking.
  scheduling: z.preprocess((value) => (value === undefined || value === '' ? 'open_hours' : value), z.enum(schedulingModes, { error: 'invalid' })),
  maxPlacesPerBooking: z.preprocess((value) => (value === undefined || value === '' ? 1 : value), wholeNumber(1, 500)),
  /** Empty (or absent, from older forms and API clients): the business profile's setting. */
  reminderHoursBefore: optionalHours,
  cancellationCutoffHours: optionalHours,
  /** How the service may be paid; absent (older forms and API clients): on site. */
  paymentOptions: z.preprocess((value) => (value === undefined ? ['on_site'] : value), stringList.pipe(z.array(z.enum(paymentOptions, { error: 'invalid' })).min(1, 'paymentOptionsEmpty'))),
  /** 1–99 % of the price payable online as a deposit; empty: no deposit. */
  depositPercent: z.preprocess((value) => (value === undefined || (typeof value === 'string' && value.replace('%', '').trim() === '') ? null : typeof value === 'string' ? value.replace('%', '').trim() : value), wholeNumber(1, 99).nullable()),
})
  .superRefine((form, ctx) => {
    if (form.depositPercent !== null && !form.paymentOptions.some((o) => o !== 'on_site')) {
      ctx.addIssue({ code: 'custom', path: ['depositPercent'], message: 'depositNeedsOnline', input: form.depositPercent });
    }
    if (form.location === 'online' && !form.onlineUrl) ctx.addIssue({ code: 'custom', path: ['onlineUrl'], message: 'onlineUrlRequired', input: form.onlineUrl });
  })
  .transform((form, ctx) => {
    const slug = form.slug ?? slugFrom(form.nameFr, SLUG_MAX_LENGTH);
    if (!slug) {
      ctx.addIssue({ code: 'custom', path: ['slug'], message: 'slugFromName', input: form.slug });
      return z.NEVER;
    }
    return { ...form, slug };
  });
type ParsedServiceForm = z.output<typeof serviceFormSchema>;
/** The group-session settings may be left out: a service is then offered at open hours, one place per booking. */
export type ServiceForm = Omit<ParsedServiceForm, 'scheduling' | 'maxPlacesPerBooking' | 'reminderHoursBefore' | 'cancellationCutoffHours' | 'paymentOptions' | 'depositPercent'> &
  Partial<Pick<ParsedServiceForm, 'scheduling' | 'maxPlacesPerBooking' | 'reminderHoursBefore' | 'cancellationCutoffHours' | 'paymentOptions' | 'depositPercent'>>;

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A time as owners type it: "9h", "9 h 30", "9h30", "09:30", "9:30", "14 H" → "09:00", "09:30"…; undefined otherwise. */
function parseClock(value: string): string | undefined {
  const match = /^(\d{1,2})\s*(?:(?:[hH]|:)\s*(\d{2})?)?$/.exec(value.trim());
  if (!match) return undefined;
  // "9" alone is an hour; "9:" is not a time.
  if (/:\s*$/.test(value)) return undefined;
  return `${match[1]!.padStart(2, '0')}:${match[2] ?? '00'}`;
}

/** One line per weekday, e.g. "09:00-12:00, 14:00-18:00" or "9h-12h30, 14h-18h30"; empty means closed. */
export function parseDayIntervals(weekday: number, value: string): OpeningInterval[] | 'invalid' | 'order' | 'overlap' {
  const parts = value
    .split(/[,;]|\s+et\s+|\s+and\s+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const intervals: OpeningInterval[] = [];
  for (const part of parts) {
    const range = /^(.+?)\s*(?:[-–—]|\sà\s|\sa\s|\sto\s)\s*(.+)$/.exec(part.replace(/\s+/g, ' '));
    if (!range) return 'invalid';
    const opensAt = parseClock(range[1]!);
    const closesAt = parseClock(range[2]!);
    if (!opensAt || !closesAt) return 'invalid';
    if (!hhmm.test(opensAt) || !(hhmm.test(closesAt) || closesAt === '24:00')) return 'invalid';
    if (closesAt <= opensAt) return 'order';
    intervals.push({ weekday, opensAt, closesAt });
  }
  intervals.sort((a, b) => a.opensAt.localeCompare(b.opensAt));
  for (let i = 1; i < intervals.length; i++) if (intervals[i]!.opensAt < intervals[i - 1]!.closesAt) return 'overlap';
  return intervals;
}

export const openingHoursFormSchema = z
  .object(Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [`day${d}`, z.string().max(200, 'tooLong').default('')])))
  .transform((form, ctx) => {
    const intervals: OpeningInterval[] = [];
    for (let weekday = 1; weekday <= 7; weekday++) {
      const parsed = parseDayIntervals(weekday, form[`day${weekday}`] ?? '');
      // An overlap names its day, so that the summary at the top of the page says which one.
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', path: [`day${weekday}`], message: parsed === 'overlap' ? `hours_overlap_${weekday}` : `hours_${parsed}` });
      else intervals.push(...parsed);
    }
    return intervals;
  });

const isoDate = z.string({ error: 'required' }).trim().min(1, 'required').refine(isCalendarDate, 'date');
const optionalTime = z
  .string()
  .trim()
  .default('')
  .refine((v) => v === '' || hhmm.test(v), 'time');

export const closureFormSchema = z
  .object({
    startDate: isoDate,
    startTime: optionalTime,
    endDate: isoDate,
    endTime: optionalTime,
    label: z.string().trim().max(200, 'tooLong').default(''),
  });
export type ClosureForm = z.output<typeof closureFormSchema>;

export const catalogValidationTexts: ValidationTexts = {
  fr: {
    'label.slug': 'l’identifiant d’adresse',
    'label.nameFr': 'le nom en français',
    'label.nameEn': 'le nom en anglais',
    'label.descriptionFr': 'la description en français',
    'label.descriptionEn': 'la description en anglais',
    'label.durationMinutes': 'la durée',
    'label.price': 'le prix',
    'label.vatRate': 'le taux de TVA',
    'label.capacity': 'la capacité',
    'label.bufferBeforeMinutes': 'la marge avant',
    'label.bufferAfterMinutes': 'la marge après',
    'label.minNoticeMinutes': 'le délai de prévenance',
    'label.horizonDays': 'l’horizon de réservation',
    'label.slotStepMinutes': 'l’intervalle entre deux créneaux',
    'label.requiredFields': 'les champs obligatoires',
    'label.withdrawalPolicy': 'le droit de rétractation',
    'label.location': 'le lieu de la prestation',
    'label.onlineUrl': 'le lien de la séance en ligne',
    onlineUrl: 'Saisissez l’adresse complète du lien, commençant par https://, par exemple https://visio.exemple.fr/w-services.',
    onlineUrlRequired: 'Une prestation en ligne a besoin de son lien (https://…) : il est envoyé au client dans la confirmation.',
    'label.position': 'l’ordre d’affichage',
    'label.scheduling': 'le mode de réservation',
    'label.maxPlacesPerBooking': 'le nombre de places par réservation',
    'label.paymentOptions': 'les moyens de paiement',
    'label.depositPercent': 'l’acompte',
    paymentOptionsEmpty: 'Cochez au moins un moyen de paiement : sur place, par carte (Stripe) ou PayPal.',
    'depositPercent.range': 'Saisissez un pourcentage entier de 1 à 99, ou laissez vide pour ne pas proposer d’acompte.',
    'depositPercent.wholeNumber': 'Saisissez un pourcentage entier de 1 à 99, ou laissez vide pour ne pas proposer d’acompte.',
    depositNeedsOnline: 'Un acompte se paie en ligne : cochez aussi le paiement par carte (Stripe) ou PayPal, ou laissez l’acompte vide.',
    'reminderHoursBefore.range': 'Saisissez un nombre entier d’heures, de 0 à 720, ou laissez vide pour le réglage général.',
    'reminderHoursBefore.wholeNumber': 'Saisissez un nombre entier d’heures, de 0 à 720, ou laissez vide pour le réglage général.',
    'cancellationCutoffHours.range': 'Saisissez un nombre entier d’heures, de 0 à 720, ou laissez vide pour le réglage général.',
    'cancellationCutoffHours.wholeNumber': 'Saisissez un nombre entier d’heures, de 0 à 720, ou laissez vide pour le réglage général.',
    'label.startDate': 'la date de début',
    'label.endDate': 'la date de fin',
    'label.startTime': 'l’heure de début',
    'label.endTime': 'l’heure de fin',
    'label.label': 'le motif',
    slugFromName: 'Le nom ne contient ni lettre ni chiffre pour en faire un identifiant d’adresse\u00a0: saisissez-en un.',
    duration: 'Saisissez {label} en heures et minutes, par exemple 1 h 30, 45 min ou 2 h.',
    slug: 'L’identifiant d’adresse ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets, par exemple «\u00a0diagnostic-informatique\u00a0».',
    wholeNumber: 'Saisissez un nombre entier pour {label}.',
    range: '{label} est hors des limites permises.',
    price: 'Saisissez un prix en euros, par exemple 49,00.',
    vatRate: 'Saisissez un taux de TVA en pourcentage, par exemple 20 ou 5,5.',
    vatRateFrench: 'Saisissez un taux de TVA français\u00a0: 20, 10, 5,5 ou 2,1 (13 ou 0,9 en Corse\u00a0; 8,5, 1,75 ou 1,05 outre-mer), ou 0.',
    date: 'Saisissez une date valide.',
    time: 'Saisissez une heure au format HH:MM, par exemple 09:30.',
    hours_invalid: 'Écrivez les horaires sous la forme 9h-12h30, 14h-18h30 (ou 09:00-12:30, 14:00-18:30), ou laissez vide pour un jour fermé.',
    hours_order: 'Chaque plage doit finir après avoir commencé.',
    ...Object.fromEntries(
      ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'].map((day, i) => [
        `hours_overlap_${i + 1}`,
        `Deux plages du ${day} se chevauchent\u00a0: séparez-les ou réunissez-les en une seule.`,
      ]),
    ),
  },
  en: {
    'label.slug': 'the URL name',
    'label.nameFr': 'the French name',
    'label.nameEn': 'the English name',
    'label.descriptionFr': 'the French description',
    'label.descriptionEn': 'the English description',
    'label.durationMinutes': 'the duration',
    'label.price': 'the price',
    'label.vatRate': 'the VAT rate',
    'label.capacity': 'the capacity',
    'label.bufferBeforeMinutes': 'the buffer before',
    'label.bufferAfterMinutes': 'the buffer after',
    'label.minNoticeMinutes': 'the minimum notice',
    'label.horizonDays': 'the booking horizon',
    'label.slotStepMinutes': 'the interval between slots',
    'label.requiredFields': 'the required fields',
    'label.withdrawalPolicy': 'the withdrawal right',
    'label.location': 'the place of the service',
    'label.onlineUrl': 'the link of the online session',
    onlineUrl: 'Enter the full address of the link, starting with https://, e.g. https://meet.example.com/w-services.',
    onlineUrlRequired: 'An online service needs its link (https://…): it is sent to the customer in the confirmation.',
    'label.position': 'the display order',
    'label.scheduling': 'the booking mode',
    'label.maxPlacesPerBooking': 'the places per booking',
    'label.paymentOptions': 'the payment methods',
    'label.depositPercent': 'the deposit',
    paymentOptionsEmpty: 'Tick at least one payment method: on site, by card (Stripe) or PayPal.',
    'depositPercent.range': 'Enter a whole percentage from 1 to 99, or leave it empty to offer no deposit.',
    'depositPercent.wholeNumber': 'Enter a whole percentage from 1 to 99, or leave it empty to offer no deposit.',
    depositNeedsOnline: 'A deposit is paid online: also tick payment by card (Stripe) or PayPal, or leave the deposit empty.',
    'reminderHoursBefore.range': 'Enter a whole number of hours, from 0 to 720, or leave it empty for the general setting.',
    'reminderHoursBefore.wholeNumber': 'Enter a whole number of hours, from 0 to 720, or leave it empty for the general setting.',
    'cancellationCutoffHours.range': 'Enter a whole number of hours, from 0 to 720, or leave it empty for the general setting.',
    'cancellationCutoffHours.wholeNumber': 'Enter a whole number of hours, from 0 to 720, or leave it empty for the general setting.',
    'label.startDate': 'the start date',
    'label.endDate': 'the end date',
    'label.startTime': 'the start time',
    'label.endTime': 'the end time',
    'label.label': 'the reason',
    slugFromName: 'The name has no letter or digit to make a URL name from: enter one.',
    duration: 'Enter {label} in hours and minutes, e.g. 1 h 30, 45 min or 2 h.',
    slug: 'The URL name may only contain lowercase letters without accents, digits and hyphens, e.g. "computer-check".',
    wholeNumber: 'Enter a whole number for {label}.',
    range: '{label} is outside the allowed range.',
    price: 'Enter a price in euros, e.g. 49.00.',
    vatRate: 'Enter a VAT rate as a percentage, e.g. 20 or 5.5.',
    vatRateFrench: 'Enter a French VAT rate: 20, 10, 5.5 or 2.1 (13 or 0.9 in Corsica; 8.5, 1.75 or 1.05 overseas), or 0.',
    date: 'Enter a valid date.',
    time: 'Enter a time as HH:MM, e.g. 09:30.',
    hours_invalid: 'Write the hours as 9h-12h30, 14h-18h30 (or 09:00-12:30, 14:00-18:30), or leave empty for a closed day.',
    hours_order: 'Each range must end after it starts.',
    ...Object.fromEntries(
      ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((day, i) => [
        `hours_overlap_${i + 1}`,
        `Two ranges of ${day} overlap: separate them or merge them into one.`,
      ]),
    ),
  },
};

// ── What the JSON API answers ────────────────────────────────────────────────

/** One service of GET /api/v1/services; the route types its answer with it and /api/openapi.json is made from it. */
export const serviceResponseSchema = z.object({
  slug: z.string().meta({ examples: ['diagnostic-informatique'] }),
  name: z.string().meta({ description: 'In the caller’s language.' }),
  durationMinutes: z.number().int().min(1),
  priceCents: z.number().int().nonnegative().meta({ description: 'Price of one place including VAT, in cents.' }),
  currency: z.string().meta({ examples: ['EUR'] }),
  capacity: z.number().int().min(1).meta({ description: 'Places in one slot (a session states its own places: see the slots’ remaining).' }),
  location: z.enum(serviceLocations).meta({
    description:
      'Where the service happens: business (the business address), customer_address (the customer’s address: customer.address is then required), phone (a call to the customer: customer.phone is then required) or online (the link is sent in the confirmation).',
  }),
  scheduling: z.enum(schedulingModes).meta({
    description: 'open_hours: any free slot of the opening hours; sessions: only the sessions the business schedules, which are then its slots.',
  }),
  maxPlacesPerBooking: z.number().int().min(1).meta({ description: 'Most places one booking may take (the quantity of a booking request).' }),
  payments: z
    .array(z.enum(paymentChoices))
    .min(1)
    .meta({
      description:
        'How this service can be paid now, the values of a booking request’s payment: on_site (paid on the day), stripe or paypal (the whole price online), deposit_stripe or deposit_paypal (depositPercent online, the rest on site). Only the providers this site has configured are listed; a free service is on_site only.',
      examples: [['on_site', 'stripe', 'deposit_stripe']],
    }),
  depositPercent: z.number().int().min(1).max(100).nullable().meta({ description: 'The share of the price paid online by a deposit choice, in percent; null when no deposit is offered.' }),
});
export type ServiceResponse = z.output<typeof serviceResponseSchema>;

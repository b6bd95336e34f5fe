import { z } from 'zod';
import { isValidFrenchVatNumber, isValidSiret, normaliseSiret, normaliseVatNumber, sirenOfVatNumber } from '../../platform/business-identifiers.js';
import { MAX_POLICY_HOURS, type BusinessProfile } from '../../platform/business.js';
import type { ValidationTexts } from '../../platform/http/validation.js';
import { isCountryCode } from '../../platform/i18n/countries.js';
import { isValidPostcode, phoneToE164 } from '../../platform/i18n/phone.js';
import { frenchTypography } from '../../platform/i18n/typography.js';

const blank = (value: unknown) => value === undefined || (typeof value === 'string' && value.trim() === '');
const text = (max: number) => z.string({ error: 'required' }).trim().min(1, 'required').max(max, 'tooLong');
const optionalText = (max: number) => z.preprocess((v) => (blank(v) ? undefined : v), z.string().trim().max(max, 'tooLong').optional());
const email = z.string({ error: 'required' }).trim().min(1, 'required').max(254, 'tooLong').pipe(z.email('email'));
const webAddress = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') && !url.username && !url.password;
  } catch {
    return false;
  }
};
/** "www.exemple.fr" is read as https://www.exemple.fr. */
const website = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() && !/^[a-z][a-z0-9+.-]*:/i.test(v.trim()) ? `https://${v.trim()}` : v),
  z.string({ error: 'required' }).trim().min(1, 'required').max(300, 'tooLong').refine(webAddress, 'url'),
);
const hours = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.number({ error: 'hours' }).int('hours').min(0, 'hours').max(MAX_POLICY_HOURS, 'hours'),
);

/** « 12,5 » or « 12.50 » (a percentage a year, at most two decimals, above 0 and at most 100): basis points. */
const latePaymentRate = z.preprocess(
  (v) => {
    if (blank(v)) return undefined;
    if (typeof v !== 'string') return v;
    const typed = v.trim().replace(/\s*%$/, '').replace(',', '.');
    return /^\d{1,3}(\.\d{1,2})?$/.test(typed) ? Math.round(Number(typed) * 100) : v;
  },
  z.number({ error: 'latePaymentRate' }).int('latePaymentRate').min(1, 'latePaymentRate').max(10000, 'latePaymentRate').optional(),
);

/**
 * The settings form: the business profile as the owner types it. Every field's problem is named
 * beside it: a SIRET with spaces is read as its 14 digits and its Luhn key checked; a VAT number's
 * key is checked and its SIREN must be the SIRET's; the mediator and the host are given whole or not at all.
 */
export const profileFormSchema = z
  .object({
    name: text(120),
    legalName: text(160),
    legalForm: text(120),
    controllerName: text(160),
    taglineFr: text(300),
    taglineEn: optionalText(300),
    addressLine1: text(200),
    postalCode: text(20),
    city: text(120),
    country: z.string({ error: 'required' }).trim().toUpperCase().refine(isCountryCode, 'country'),
    phone: optionalText(40),
    email,
    notificationEmail: z.preprocess((v) => (blank(v) ? undefined : v), email.optional()),
    website,
    siret: z.preprocess((v) => (blank(v) ? undefined : typeof v === 'string' ? normaliseSiret(v) : v), z.string().regex(/^\d{14}$/, 'siretFormat').refine(isValidSiret, 'siretKey').optional()),
    vatRegime: z.enum(['number', 'exempt'], { error: 'vatRegime' }),
    vatNumber: z.preprocess(
      (v) => (blank(v) ? undefined : typeof v === 'string' ? normaliseVatNumber(v) : v),
      z.string().regex(/^FR\d{11}$/, 'vatFormat').refine(isValidFrenchVatNumber, 'vatKey').optional(),
    ),
    mediatorName: optionalText(200),
    mediatorAddress: optionalText(300),
    mediatorWebsite: z.preprocess((v) => (blank(v) ? undefined : v), website.optional()),
    hostName: optionalText(200),
    hostAddress: optionalText(300),
    paymentNoteFr: optionalText(500),
    paymentNoteEn: optionalText(500),
    reminderHoursBefore: hours,
    cancellationCutoffHours: hours,
    /** A checkbox: present ("on") when chosen. */
    vatOnDebits: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
    latePaymentRate: latePaymentRate,
  })
  // Run even when a field failed, so that every message shows at once; the values are then unchecked input.
  .superRefine(
    (form, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message, input: undefined });
      const str = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
      const country = str(form.country);
      if (str(form.postalCode) && country && !isValidPostcode(form.postalCode, country)) issue('postalCode', 'postalCode');
      if (str(form.phone) && !phoneToE164(form.phone!, country ?? 'FR')) issue('phone', 'phone');
      if (form.vatRegime === 'number' && !str(form.vatNumber)) issue('vatNumber', 'vatRequired');
      const vat = str(form.vatNumber);
      const siret = str(form.siret);
      if (vat && siret && isValidFrenchVatNumber(vat) && isValidSiret(siret) && sirenOfVatNumber(vat) !== siret.slice(0, 9)) issue('vatNumber', 'vatSiren');
      if ([form.mediatorName, form.mediatorAddress, form.mediatorWebsite].some(str)) {
        if (!str(form.mediatorName)) issue('mediatorName', 'mediatorWhole');
        if (!str(form.mediatorAddress)) issue('mediatorAddress', 'mediatorWhole');
        if (!str(form.mediatorWebsite)) issue('mediatorWebsite', 'mediatorWhole');
      }
      if (str(form.hostName) && !str(form.hostAddress)) issue('hostAddress', 'hostWhole');
      if (str(form.hostAddress) && !str(form.hostName)) issue('hostName', 'hostWhole');
    },
    { when: () => true },
  )
  .transform(
    (form): Omit<BusinessProfile, 'logo' | 'timezone' | 'currency'> => ({
      name: form.name,
      // English texts may be left empty: the French one is shown instead.
      tagline: { fr: frenchTypography(form.taglineFr), en: form.taglineEn ?? form.taglineFr },
      legalName: form.legalName,
      legalForm: form.legalForm,
      controllerName: form.controllerName,
      address: { line1: form.addressLine1, postalCode: form.postalCode, city: form.city, country: form.country },
      email: form.email,
      ...(form.notificationEmail ? { notificationEmail: form.notificationEmail } : {}),
      ...(form.phone ? { phone: form.phone } : {}),
      ...(form.paymentNoteFr ? { paymentNote: { fr: frenchTypography(form.paymentNoteFr), en: form.paymentNoteEn ?? form.paymentNoteFr } } : {}),
      website: form.website,
      ...(form.siret ? { siret: form.siret } : {}),
      ...(form.vatNumber ? { vatNumber: form.vatNumber } : {}),
      vatExempt: form.vatRegime === 'exempt',
      ...(form.mediatorName && form.mediatorAddress && form.mediatorWebsite ? { mediator: { name: form.mediatorName, address: form.mediatorAddress, website: form.mediatorWebsite } } : {}),
      ...(form.hostName && form.hostAddress ? { host: { name: form.hostName, address: form.hostAddress } } : {}),
      reminderHoursBefore: form.reminderHoursBefore,
      cancellationCutoffHours: form.cancellationCutoffHours,
      // Paying VAT on debits means nothing under the exemption: not kept then.
      ...(form.vatOnDebits && form.vatRegime !== 'exempt' ? { vatOnDebits: true } : {}),
      ...(form.latePaymentRate !== undefined ? { latePaymentRateBp: form.latePaymentRate } : {}),
    }),
  );

export type ProfileFormValues = Partial<Record<keyof z.input<typeof profileFormSchema>, string>>;

/** The form's fields filled from a profile. */
export function profileToFormValues(profile: BusinessProfile): ProfileFormValues {
  return {
    name: profile.name,
    legalName: profile.legalName,
    legalForm: profile.legalForm,
    controllerName: profile.controllerName,
    taglineFr: profile.tagline.fr,
    taglineEn: profile.tagline.en === profile.tagline.fr ? '' : profile.tagline.en,
    addressLine1: profile.address.line1,
    postalCode: profile.address.postalCode,
    city: profile.address.city,
    country: profile.address.country,
    phone: profile.phone ?? '',
    email: profile.email,
    notificationEmail: profile.notificationEmail ?? '',
    website: profile.website,
    siret: profile.siret ?? '',
    vatRegime: profile.vatExempt ? 'exempt' : 'number',
    vatNumber: profile.vatNumber ?? '',
    mediatorName: profile.mediator?.name ?? '',
    mediatorAddress: profile.mediator?.address ?? '',
    mediatorWebsite: profile.mediator?.website ?? '',
    hostName: profile.host?.name ?? '',
    hostAddress: profile.host?.address ?? '',
    paymentNoteFr: profile.paymentNote?.fr ?? '',
    paymentNoteEn: profile.paymentNote && profile.paymentNote.en !== profile.paymentNote.fr ? profile.paymentNote.en : '',
    reminderHoursBefore: String(profile.reminderHoursBefore),
    cancellationCutoffHours: String(profile.cancellationCutoffHours),
    vatOnDebits: profile.vatOnDebits ? 'on' : '',
    latePaymentRate: profile.latePaymentRateBp === undefined ? '' : (profile.latePaymentRateBp / 100).toFixed(2).replace('.', ','),
  };
}

/** The labels and sentences of the settings form, in the owner's language. */
export const settingsValidationTexts: ValidationTexts = {
  fr: {
    'label.name': 'le nom affiché',
    'label.legalName': 'la dénomination',
    'label.legalForm': 'la forme juridique',
    'label.controllerName': 'le responsable du traitement',
    'label.taglineFr': 'la présentation en français',
    'label.taglineEn': 'la présentation en anglais',
    'label.addressLine1': 'l’adresse',
    'label.postalCode': 'le code postal',
    'label.city': 'la ville',
    'label.country': 'le pays',
    'label.phone': 'le téléphone',
    'label.email': 'l’adresse e-mail',
    'label.notificationEmail': 'l’adresse des notifications',
    'label.website': 'le site web',
    'label.siret': 'le numéro SIRET',
    'label.vatNumber': 'le numéro de TVA',
    'label.mediatorName': 'le nom du médiateur',
    'label.mediatorAddress': 'l’adresse du médiateur',
    'label.mediatorWebsite': 'le site du médiateur',
    'label.hostName': 'le nom de l’hébergeur',
    'label.hostAddress': 'l’adresse de l’hébergeur',
    'label.paymentNoteFr': 'le mode de paiement en français',
    'label.paymentNoteEn': 'le mode de paiement en anglais',
    email: 'Saisissez une adresse e-mail valide, par exemple contact@exemple.fr.',
    url: 'Saisissez une adresse web complète, par exemple https://www.exemple.fr.',
    country: 'Choisissez un pays dans la liste.',
    postalCode: 'Un code postal français a 5 chiffres, par exemple 92320.',
    phone: 'Ce numéro de téléphone n’est pas valide. Saisissez-le comme vous le composez, par exemple 01 23 45 67 89.',
    siretFormat: 'Un numéro SIRET a 14 chiffres (les espaces sont acceptés), par exemple 732 829 320 00074.',
    siretKey: 'Ce numéro SIRET n’est pas valide\u00a0: sa clé de contrôle ne correspond pas. Vérifiez chaque chiffre sur votre avis de situation Sirene ou un extrait Kbis.',
    vatRegime: 'Choisissez votre régime de TVA.',
    vatFormat: 'Un numéro de TVA français s’écrit FR, une clé de 2 chiffres puis les 9 chiffres du SIREN, par exemple FR40 303 265 045.',
    vatKey: 'Ce numéro de TVA n’est pas valide\u00a0: sa clé ne correspond pas à son numéro SIREN. Vérifiez-le sur vos déclarations de TVA.',
    vatRequired: 'Indiquez votre numéro de TVA intracommunautaire, ou choisissez la franchise en base de TVA (art. 293 B du CGI).',
    vatSiren: 'Ce numéro de TVA ne porte pas le même SIREN que votre numéro SIRET (ses 9 premiers chiffres).',
    mediatorWhole: 'Indiquez le nom, l’adresse et le site web du médiateur, ou laissez les trois champs vides.',
    hostWhole: 'Indiquez le nom et l’adresse de l’hébergeur, ou laissez les deux champs vides.',
    hours: 'Saisissez un nombre entier d’heures, de 0 à 720 (30 jours).',
    'label.latePaymentRate': 'le taux des pénalités de retard',
    latePaymentRate: 'Saisissez un taux annuel en pourcentage, supérieur à 0 et d’au plus 100, avec au plus deux décimales, par exemple 12,5 — ou laissez vide pour trois fois le taux d’intérêt légal.',
  },
  en: {
    'label.name': 'the display name',
    'label.legalName': 'the legal name',
    'label.legalForm': 'the legal form',
    'label.controllerName': 'the data controller',
    'label.taglineFr': 'the French introduction',
    'label.taglineEn': 'the English introduction',
    'label.addressLine1': 'the address',
    'label.postalCode': 'the postcode',
    'label.city': 'the city',
    'label.country': 'the country',
    'label.phone': 'the phone number',
    'label.email': 'the e-mail address',
    'label.notificationEmail': 'the notification address',
    'label.website': 'the website',
    'label.siret': 'the SIRET number',
    'label.vatNumber': 'the VAT number',
    'label.mediatorName': 'the mediator’s name',
    'label.mediatorAddress': 'the mediator’s address',
    'label.mediatorWebsite': 'the mediator’s website',
    'label.hostName': 'the host’s name',
    'label.hostAddress': 'the host’s address',
    'label.paymentNoteFr': 'the French payment note',
    'label.paymentNoteEn': 'the English payment note',
    email: 'Enter a valid e-mail address, such as contact@example.com.',
    url: 'Enter a full web address, such as https://www.example.com.',
    country: 'Choose a country from the list.',
    postalCode: 'A French postcode has 5 digits, such as 92320.',
    phone: 'This phone number is not valid. Type it as you dial it, such as 01 23 45 67 89.',
    siretFormat: 'A SIRET number has 14 digits (spaces are fine), such as 732 829 320 00074.',
    siretKey: 'This SIRET number is not valid: its check digit does not match. Check each digit against your Sirene notice or Kbis extract.',
    vatRegime: 'Choose your VAT status.',
    vatFormat: 'A French VAT number is FR, a 2-digit key, then the 9 digits of the SIREN, such as FR40 303 265 045.',
    vatKey: 'This VAT number is not valid: its key does not match its SIREN number. Check it against your VAT returns.',
    vatRequired: 'Enter your intra-community VAT number, or choose the VAT exemption (art. 293 B du CGI).',
    vatSiren: 'This VAT number does not carry the same SIREN as your SIRET number (its first 9 digits).',
    mediatorWhole: 'Enter the mediator’s name, address and website, or leave all three empty.',
    hostWhole: 'Enter the host’s name and address, or leave both empty.',
    hours: 'Enter a whole number of hours, from 0 to 720 (30 days).',
    'label.latePaymentRate': 'the late-payment penalty rate',
    latePaymentRate: 'Enter a yearly rate as a percentage, above 0 and at most 100, with at most two decimals, such as 12.5 — or leave it empty for three times the legal interest rate.',
  },
};

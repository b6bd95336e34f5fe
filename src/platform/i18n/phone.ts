import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** "+33612345678" as people write it: "+33 6 12 34 56 78". Anything unreadable is shown as stored. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/**
 * A business's number as its profile spells it ("01 23 45 67 89", "+33 1 23 45 67 89"): how people
 * read it, in international form since mails reach customers abroad, and the tel: link that dials it
 * (none for a number it cannot read: better no link than one that dials something else).
 */
export function businessPhone(typed: string, country: string): { display: string; tel: string | null } {
  const parsed = parsePhoneNumberFromString(typed, country as CountryCode);
  if (!parsed?.isValid()) return { display: typed, tel: null };
  return { display: parsed.formatInternational(), tel: parsed.getURI() };
}

/**
 * A number as typed ("06 12 34 56 78", "+44 20 7946 0958") in E.164, read in the person's
 * country when it has no international prefix; undefined when it is not a valid number.
 */
export function phoneToE164(typed: string, country: string | null | undefined): string | undefined {
  const parsed = parsePhoneNumberFromString(typed, (country ?? 'FR') as CountryCode);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** A French postcode has five digits; other countries' are left to their own rules. */
export function isValidPostcode(postcode: string, country: string | null | undefined): boolean {
  return country !== 'FR' || /^\d{5}$/.test(postcode);
}

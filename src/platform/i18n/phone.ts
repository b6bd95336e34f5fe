import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** "+33612345678" as people write it: "+33 6 12 34 56 78". Anything unreadable is shown as stored. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

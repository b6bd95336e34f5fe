/**
 * French business identifiers as owners type them. A SIRET is the SIREN (9 digits, the company)
 * followed by the NIC (5 digits, the establishment); both carry a Luhn check digit, except the
 * establishments of La Poste (SIREN 356000000), too many for the NIC's range, whose SIRET digits
 * add up to a multiple of 5 instead (INSEE's documented exception).
 */

const LA_POSTE_SIREN = '356000000';

/** "123 456 789 00012", "123.456.789.00012" → "12345678900012"; anything else is returned as typed. */
export function normaliseSiret(typed: string): string {
  const compact = typed.replace(/[\s\u00a0\u202f.\-]/g, '');
  return /^\d{14}$/.test(compact) ? compact : typed.trim();
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function isValidSiren(siren: string): boolean {
  return /^\d{9}$/.test(siren) && luhnValid(siren);
}

/** 14 digits whose Luhn key holds (La Poste's establishments: digits adding up to a multiple of 5). */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (luhnValid(siret)) return true;
  if (siret.startsWith(LA_POSTE_SIREN)) return [...siret].reduce((sum, d) => sum + Number(d), 0) % 5 === 0;
  return false;
}

/** "fr 40 303 265 045" → "FR40303265045"; anything else is returned as typed. */
export function normaliseVatNumber(typed: string): string {
  const compact = typed.replace(/[\s\u00a0\u202f.\-]/g, '').toUpperCase();
  return /^FR[0-9A-Z]{2}\d{9}$/.test(compact) ? compact : typed.trim();
}

/** The key of a French VAT number: (12 + 3 × (SIREN mod 97)) mod 97, two digits. */
export function frenchVatKey(siren: string): string {
  return String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, '0');
}

/** FR, a two-digit key, then a SIREN whose own key holds and which the VAT key matches. */
export function isValidFrenchVatNumber(vat: string): boolean {
  const match = /^FR(\d{2})(\d{9})$/.exec(vat);
  if (!match) return false;
  const [, key, siren] = match as unknown as [string, string, string];
  return (isValidSiren(siren) || siren === LA_POSTE_SIREN) && frenchVatKey(siren) === key;
}

/** The SIREN a French VAT number is built on. */
export function sirenOfVatNumber(vat: string): string | undefined {
  return /^FR\d{2}(\d{9})$/.exec(vat)?.[1];
}

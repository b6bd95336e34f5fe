import { describe, expect, it } from 'vitest';
import { frenchVatKey, isValidFrenchVatNumber, isValidSiren, isValidSiret, normaliseSiret, normaliseVatNumber } from './business-identifiers.js';

describe('SIRET', () => {
  it('is read with or without spaces, dots or dashes, as its 14 digits', () => {
    expect(normaliseSiret('732 829 320 00074')).toBe('73282932000074');
    expect(normaliseSiret('732.829.320-00074')).toBe('73282932000074');
    expect(normaliseSiret('732\u00a0829\u202f320 00074')).toBe('73282932000074');
    expect(normaliseSiret(' 12 ab ')).toBe('12 ab');
  });

  it('is checked by its Luhn key', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(isValidSiret('73282932000075')).toBe(false);
    expect(isValidSiret('7328293200007')).toBe(false);
    expect(isValidSiren('732829320')).toBe(true);
    expect(isValidSiren('732829321')).toBe(false);
  });

  it('accepts La Poste’s establishments (SIREN 356000000), whose digits add up to a multiple of 5 instead', () => {
    expect(isValidSiret('35600000000048')).toBe(true); // the head office, which also passes Luhn
    const establishment = '35600000049837'; // digits add up to 45; fails Luhn
    expect(establishment.split('').reduce((s, d) => s + Number(d), 0) % 5).toBe(0);
    expect(isValidSiret(establishment)).toBe(true);
    expect(isValidSiret('35600000049838')).toBe(false);
    // The exception is La Poste's alone: another SIREN with the same last digits still needs its Luhn key.
    expect(isValidSiret('73282932049837')).toBe(false);
  });
});

describe('French VAT number', () => {
  it('is FR, a key of (12 + 3 × (SIREN mod 97)) mod 97, and the SIREN', () => {
    expect(frenchVatKey('303265045')).toBe('40');
    expect(isValidFrenchVatNumber('FR40303265045')).toBe(true);
    expect(isValidFrenchVatNumber('FR41303265045')).toBe(false);
    expect(isValidFrenchVatNumber(`FR${frenchVatKey('732829320')}732829320`)).toBe(true);
    expect(isValidFrenchVatNumber('DE123456789')).toBe(false);
  });

  it('is read with spaces and in lower case', () => {
    expect(normaliseVatNumber('fr 40 303 265 045')).toBe('FR40303265045');
  });
});

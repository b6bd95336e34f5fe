import { describe, expect, it } from 'vitest';
import { businessPhone } from './phone.js';

describe('businessPhone', () => {
  it('shows the profile’s number in international form, with the tel: link that dials it', () => {
    expect(businessPhone('01 23 45 67 89', 'FR')).toEqual({ display: '+33 1 23 45 67 89', tel: 'tel:+33123456789' });
    expect(businessPhone('+33 1 23 45 67 89', 'FR')).toEqual({ display: '+33 1 23 45 67 89', tel: 'tel:+33123456789' });
    expect(businessPhone('020 7946 0958', 'GB')).toEqual({ display: '+44 20 7946 0958', tel: 'tel:+442079460958' });
  });

  it('keeps a number it cannot read as typed, without a link that could dial something else', () => {
    expect(businessPhone('3615 WSERVICES', 'FR')).toEqual({ display: '3615 WSERVICES', tel: null });
  });
});

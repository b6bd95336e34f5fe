import { describe, expect, it } from 'vitest';
import { redactTokens } from './log.js';

describe('log redaction', () => {
  it('keeps the shape of a URL and drops the private tokens in it', () => {
    expect(redactTokens('/reservation/ABCDE-FGHJK/s3cr3t-token/calendar.ics')).toBe('/reservation/ABCDE-FGHJK/…/calendar.ics');
    expect(redactTokens('/en/booking/ABCDE-FGHJK/s3cr3t-token?confirmee=1')).toBe('/en/booking/ABCDE-FGHJK/…?confirmee=1');
    expect(redactTokens('/admin/installation/s3cr3t-setup-token')).toBe('/admin/installation/…');
    expect(redactTokens('/x?token=abc&t=def&other=1')).toBe('/x?token=…&t=…&other=1');
    expect(redactTokens('/services/diagnostic-informatique?date=2026-12-01')).toBe('/services/diagnostic-informatique?date=2026-12-01');
  });
});

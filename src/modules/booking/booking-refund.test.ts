import { describe, expect, it } from 'vitest';
import { refundDecision, refundReason } from './booking-refund.js';

describe('the refund a cancellation gives', () => {
  it('gives everything back to a customer cancelling online before the cut-off', () => {
    expect(refundDecision(4900, { by: 'customer_online' })).toEqual({ basis: 'free_cancellation', paidCents: 4900, refundCents: 4900 });
  });

  it('gives everything back when the business cancels', () => {
    expect(refundDecision(2450, { by: 'business' })).toEqual({ basis: 'business_cancelled', paidCents: 2450, refundCents: 2450 });
  });

  it('keeps the free cancellation when the owner types in a customer’s request before the cut-off, whatever the owner chose', () => {
    expect(refundDecision(4900, { by: 'customer_request', beforeCutoff: true, choice: { kind: 'none' } })).toMatchObject({ basis: 'free_cancellation', refundCents: 4900 });
  });

  it('lets the owner choose after the cut-off: everything, an amount, or nothing', () => {
    expect(refundDecision(4900, { by: 'customer_request', beforeCutoff: false, choice: { kind: 'full' } })).toEqual({ basis: 'owner_choice', paidCents: 4900, refundCents: 4900 });
    expect(refundDecision(4900, { by: 'customer_request', beforeCutoff: false, choice: { kind: 'amount', cents: 2000 } })).toMatchObject({ refundCents: 2000 });
    expect(refundDecision(4900, { by: 'customer_request', beforeCutoff: false, choice: { kind: 'none' } })).toMatchObject({ refundCents: 0 });
  });

  it('never gives back more than was paid, nor less than nothing', () => {
    expect(refundDecision(4900, { by: 'customer_request', beforeCutoff: false, choice: { kind: 'amount', cents: 9000 } })).toMatchObject({ refundCents: 4900 });
    expect(refundDecision(4900, { by: 'customer_request', beforeCutoff: false, choice: { kind: 'amount', cents: -100 } })).toMatchObject({ refundCents: 0 });
    expect(refundDecision(0, { by: 'business' })).toMatchObject({ refundCents: 0 });
  });

  it('refunds a withdrawal in full less the part performed at the customer’s request', () => {
    expect(refundDecision(4900, { by: 'withdrawal', earlyPerformanceRequested: true, performedCents: 1500 })).toEqual({ basis: 'withdrawal', paidCents: 4900, refundCents: 3400, performedCents: 1500 });
    expect(refundDecision(4900, { by: 'withdrawal', earlyPerformanceRequested: true, performedCents: 0 })).toEqual({ basis: 'withdrawal', paidCents: 4900, refundCents: 4900 });
  });

  it('keeps nothing of a withdrawal when the customer never asked for an early start', () => {
    expect(refundDecision(4900, { by: 'withdrawal', earlyPerformanceRequested: false, performedCents: 1500 })).toEqual({ basis: 'withdrawal', paidCents: 4900, refundCents: 4900 });
  });

  it('says why in words for the ledger', () => {
    expect(refundReason(refundDecision(4900, { by: 'withdrawal', earlyPerformanceRequested: true, performedCents: 1500 }), 'EUR')).toBe('Rétractation (14\u00a0jours)\u00a0: remboursement moins la part déjà exécutée (15,00\u00a0€)');
    expect(refundReason(refundDecision(4900, { by: 'business' }), 'EUR')).toBe('Annulation par l’entreprise\u00a0: remboursement intégral');
  });
});

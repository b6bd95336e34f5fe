import { formatPrice } from '../../platform/i18n/format.js';

/**
 * What a cancellation gives back of what was paid (issue 7 item 6), from who cancels and when,
 * as the terms promise (legal module, terms.ts): free cancellation online until the cut-off; the
 * business cancelling owes the customer everything; after the cut-off, a cancellation the
 * customer asks for is the owner's choice (the rule shown at booking applies); the 14-day
 * withdrawal refunds everything less the part already performed at the customer's request.
 * Pure: the cancellation records its decision, the payments module carries it out.
 */

/** The owner's choice for a cancellation the customer asked for after the cut-off. */
export type RefundChoice = { kind: 'full' } | { kind: 'amount'; cents: number } | { kind: 'none' };

export type CancellationCause =
  /** The customer cancelled online: only possible before the cut-off. */
  | { by: 'customer_online' }
  /** The business cancels (the owner's own reason, or a session without enough participants). */
  | { by: 'business' }
  /** The owner cancels because the customer asked (by phone or e-mail). */
  | { by: 'customer_request'; beforeCutoff: boolean; choice: RefundChoice }
  /** The customer withdraws within the 14 days (« Rétractation (14 jours) »). */
  | { by: 'withdrawal'; earlyPerformanceRequested: boolean; performedCents: number };

export type RefundBasis = 'free_cancellation' | 'business_cancelled' | 'owner_choice' | 'withdrawal';

export interface RefundDecision {
  basis: RefundBasis;
  paidCents: number;
  refundCents: number;
  /** The part of the service performed at the customer's request, kept (withdrawal only). */
  performedCents?: number;
}

const clamp = (cents: number, max: number) => Math.max(0, Math.min(Math.round(cents), max));

export function refundDecision(paidCents: number, cause: CancellationCause): RefundDecision {
  const paid = Math.max(0, paidCents);
  switch (cause.by) {
    case 'customer_online':
      return { basis: 'free_cancellation', paidCents: paid, refundCents: paid };
    case 'business':
      return { basis: 'business_cancelled', paidCents: paid, refundCents: paid };
    case 'customer_request': {
      // Before the cut-off the terms promise a free cancellation, whoever types it in.
      if (cause.beforeCutoff) return { basis: 'free_cancellation', paidCents: paid, refundCents: paid };
      const refund = cause.choice.kind === 'full' ? paid : cause.choice.kind === 'none' ? 0 : clamp(cause.choice.cents, paid);
      return { basis: 'owner_choice', paidCents: paid, refundCents: refund };
    }
    case 'withdrawal': {
      // Without the customer's request for an early start nothing may be kept (L221-25).
      const performed = cause.earlyPerformanceRequested ? clamp(cause.performedCents, paid) : 0;
      return { basis: 'withdrawal', paidCents: paid, refundCents: paid - performed, ...(performed > 0 ? { performedCents: performed } : {}) };
    }
  }
}

/** The reason of the refund in words, as the ledger correction and the owner's page carry it (French: the books are kept in French). */
export function refundReason(decision: RefundDecision, currency: string): string {
  switch (decision.basis) {
    case 'free_cancellation':
      return 'Annulation avant la limite d’annulation\u00a0: remboursement intégral';
    case 'business_cancelled':
      return 'Annulation par l’entreprise\u00a0: remboursement intégral';
    case 'owner_choice':
      return 'Annulation à la demande du client après la limite d’annulation\u00a0: remboursement décidé par l’entreprise';
    case 'withdrawal':
      return decision.performedCents
        ? `Rétractation (14\u00a0jours)\u00a0: remboursement moins la part déjà exécutée (${formatPrice(decision.performedCents, currency, 'fr')})`
        : 'Rétractation (14\u00a0jours)\u00a0: remboursement intégral';
  }
}

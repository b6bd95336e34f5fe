/** Payments taken on site, in a hash-chained ledger closed day by day; what other modules' pages show of them. */
export { createPaymentsService, verifyPaymentLedger, type LedgerRecorded, type PaymentsService } from './payments.service.js';
export { paymentStatusOf, type BookingInvoicing, type BookingLedger, type PayableBooking, type Payment, type PaymentMethod, type PaymentStatus } from './payments.model.js';
export { paymentsAdminRoutes } from './payments.admin.routes.js';
export { paymentsRegister } from './payments.register.js';
/** Online payments: attempts, providers, webhooks. */
export { createOnlinePayments, type OnlinePayments, type OnlineBookingPort, type PreparedBooking } from './payments.online.js';
export { paymentWebhookRoutes } from './payments.webhooks.routes.js';
export { createStripeProvider } from './providers/stripe.js';
export { paypalProviderFromConfig } from './providers/paypal.js';
export type { PaymentAttempt, OnlinePaymentState } from './payments.online.model.js';
export type { PaymentProvider, ProviderName } from './providers/provider.js';
export { PaymentBadge, PaymentPanel, paymentStatusLabel } from './views/payment-views.js';
export { createPaymentReads, type PaymentPeriod, type PaymentReads } from './payment-reads.service.js';
export type { ClosingRecord } from './payments.model.js';
export { paymentsPeriodAdminRoutes, type PaymentsPeriodDeps } from './payments-period.admin.routes.js';
export { methodLabels as paymentMethodLabels } from './views/payments-period-page.js';
export { paymentFraudActivity, paymentOfferFor, paymentProcessorRecipients, paymentProcessors, paymentsRegisterFor, type OnlinePaymentProvider } from './payments.recipients.js';
/** Where a booking's payment stands, for the customer's pages, the owner API and the owner's follow-ups. */
export { createPaymentStates, type PaymentStates } from './payment-states.service.js';
export { customerPaymentStateOf, paymentSummaryOf, type BookingForPaymentState, type BookingPaymentSummary, type CustomerPaymentState, type PaymentFollowUps } from './payment-states.model.js';
export { CustomerPaymentSection, customerPaymentHeadline, ResumePaymentNote } from './views/customer-payment-state.js';
export { PaymentFollowUpsSection } from './views/payment-follow-ups.js';
/** Refunds: money given back when a paid booking is cancelled (or paid after its place was released). */
export { createRefunds, refundKeyOf, type RefundPlan, type RefundRecipient, type RefundsService } from './payments.refunds.js';
export type { Refund } from './payments.refunds.queries.js';

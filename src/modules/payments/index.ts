/** Payments taken on site, in a hash-chained ledger closed day by day; what other modules' pages show of them. */
export { createPaymentsService, verifyPaymentLedger, type LedgerRecorded, type PaymentsService } from './payments.service.js';
export { paymentStatusOf, type BookingInvoicing, type BookingLedger, type PayableBooking, type Payment, type PaymentMethod, type PaymentStatus } from './payments.model.js';
export { paymentsAdminRoutes } from './payments.admin.routes.js';
export { paymentsRegister } from './payments.register.js';
export { PaymentBadge, PaymentPanel, paymentStatusLabel } from './views/payment-views.js';

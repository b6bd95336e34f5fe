import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';
import * as createCatalog from './20261126T1200_create_catalog.js';
import * as createBookings from './20261126T1201_create_bookings.js';
import * as createOutbox from './20261126T1202_create_outbox.js';
import * as createAdmin from './20261126T1203_create_admin.js';
import * as createAppSettings from './20261126T1204_create_app_settings.js';
import * as createLegalDocuments from './20261126T1205_create_legal_documents.js';
import * as createCustomers from './20261201T1100_create_customers.js';
import * as addAgenda from './20261201T1200_add_agenda.js';
import * as addServiceLocation from './20261201T1400_add_service_location.js';
import * as addGroupSessions from './20261201T1500_add_group_sessions.js';
import * as addOutboxReplyTo from './20261202T0900_add_outbox_reply_to.js';
import * as createJobs from './20261202T1000_create_jobs.js';
import * as addOutboxEraseAfterSending from './20261202T1001_add_outbox_erase_after_sending.js';
import * as createOwnerApi from './20261202T1002_create_owner_api.js';
import * as addTeam from './20261202T1100_add_team.js';
import * as createBusinessSettings from './20261202T1200_create_business_settings.js';
import * as createCustomerSpace from './20261202T1300_create_customer_space.js';
import * as createPayments from './20261202T1400_create_payments.js';
import * as createInvoices from './20261202T1500_create_invoices.js';
import * as createOnlinePayments from './20261203T0100_create_online_payments.js';
import * as chainInvoices from './20261203T0300_chain_invoices.js';
import * as addOutboxCategory from './20261204T0600_add_outbox_category.js';
import * as createRestrictions from './20261204T0601_create_restrictions.js';
import * as keepErasedPendingInvoices from './20261204T1200_keep_erased_pending_invoices.js';
import * as createPaymentRefunds from './20261203T0500_create_payment_refunds.js';
import * as addInvoiceErasures from './20261204T0200_add_invoice_erasures.js';
import * as createPrivacyEngine from './20261204T0300_create_privacy_engine.js';
import * as createPrivacyRequests from './20261204T0400_create_privacy_requests.js';
import * as addHeirsAndAnswerClaims from './20261204T1100_add_heirs_and_answer_claims.js';
import * as createPolicyAnnouncements from './20261204T0500_create_policy_announcements.js';

export interface MigrationModule {
  up(db: Kysely<any>, dialect: DialectName): Promise<void>;
}

/** The one, forward-only migration timeline. Append; never edit or reorder a migration that has shipped. */
export const migrations: ReadonlyArray<readonly [name: string, migration: MigrationModule]> = [
  ['20261126T1200_create_catalog', createCatalog],
  ['20261126T1201_create_bookings', createBookings],
  ['20261126T1202_create_outbox', createOutbox],
  ['20261126T1203_create_admin', createAdmin],
  ['20261126T1204_create_app_settings', createAppSettings],
  ['20261126T1205_create_legal_documents', createLegalDocuments],
  ['20261201T1100_create_customers', createCustomers],
  ['20261201T1200_add_agenda', addAgenda],
  ['20261201T1400_add_service_location', addServiceLocation],
  ['20261201T1500_add_group_sessions', addGroupSessions],
  ['20261202T0900_add_outbox_reply_to', addOutboxReplyTo],
  ['20261202T1000_create_jobs', createJobs],
  ['20261202T1001_add_outbox_erase_after_sending', addOutboxEraseAfterSending],
  ['20261202T1002_create_owner_api', createOwnerApi],
  ['20261202T1100_add_team', addTeam],
  ['20261202T1200_create_business_settings', createBusinessSettings],
  ['20261202T1300_create_customer_space', createCustomerSpace],
  ['20261202T1400_create_payments', createPayments],
  ['20261202T1500_create_invoices', createInvoices],
  ['20261203T0100_create_online_payments', createOnlinePayments],
  ['20261203T0300_chain_invoices', chainInvoices],
  ['20261203T0500_create_payment_refunds', createPaymentRefunds],
  ['20261204T0200_add_invoice_erasures', addInvoiceErasures],
  ['20261204T0300_create_privacy_engine', createPrivacyEngine],
  ['20261204T0400_create_privacy_requests', createPrivacyRequests],
  ['20261204T0500_create_policy_announcements', createPolicyAnnouncements],
  ['20261204T0600_add_outbox_category', addOutboxCategory],
  ['20261204T0601_create_restrictions', createRestrictions],
  ['20261204T1100_add_heirs_and_answer_claims', addHeirsAndAnswerClaims],
  ['20261204T1200_keep_erased_pending_invoices', keepErasedPendingInvoices],
];

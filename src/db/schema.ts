import type { AdminTables } from '../modules/admin/admin.tables.js';
import type { BookingTables } from '../modules/booking/booking.tables.js';
import type { CatalogTables } from '../modules/catalog/catalog.tables.js';
import type { CustomerSpaceTables } from '../modules/customer-space/customer-space.tables.js';
import type { CustomerTables } from '../modules/customers/customers.tables.js';
import type { InvoicesTables } from '../modules/invoices/invoices.tables.js';
import type { JobsTables } from '../modules/jobs/jobs.tables.js';
import type { OwnerApiTables } from '../modules/owner-api/owner-api.tables.js';
import type { WebhooksTables } from '../modules/webhooks/webhooks.tables.js';
import type { LegalTables } from '../modules/legal/legal.tables.js';
import type { OutboxTables } from '../modules/outbox/outbox.tables.js';
import type { PaymentsTables } from '../modules/payments/payments.tables.js';
import type { OnlinePaymentTables } from '../modules/payments/payments.online.tables.js';
import type { RefundTables } from '../modules/payments/payments.refunds.tables.js';
import type { RestrictionsTables } from '../modules/restrictions/restrictions.tables.js';
import type { RightsTables } from '../modules/rights/rights.tables.js';
import type { SettingsTables } from '../modules/settings/settings.tables.js';
import type { PrivacyTables } from '../modules/privacy/privacy.tables.js';
import type { PolicyAnnouncementTables } from '../modules/privacy/policy-announcements.tables.js';

/** Settings of the installation itself (first-start seeding, …); holds no personal data. */
export interface AppSettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** The whole schema, composed from each module's tables. */
export interface DB extends CatalogTables, CustomerTables, BookingTables, OutboxTables, AdminTables, LegalTables, JobsTables, WebhooksTables, OwnerApiTables, SettingsTables, CustomerSpaceTables, InvoicesTables, PaymentsTables, OnlinePaymentTables, RefundTables, PrivacyTables, PolicyAnnouncementTables, RestrictionsTables, RightsTables {
  app_settings: AppSettingsTable;
}

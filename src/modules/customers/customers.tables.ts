/** Table types of the customers module. Rows never leave the module: customers.queries.ts maps them to domain objects. */

export interface CustomersTable {
  id: string;
  /** The address as the customer last typed it (shown to the owner, used for mail). */
  email: string;
  /** Trimmed and lower-cased: one customer per address. */
  email_normalised: string;
  last_name: string | null;
  first_name: string | null;
  company: string | null;
  country: string | null;
  /** E.164. */
  phone: string | null;
  address_line1: string | null;
  address_line2: string | null;
  address_postal_code: string | null;
  address_city: string | null;
  address_country: string | null;
  /** Names, company, e-mail and phone, lower-cased without accents: the owner's search reads it with LIKE on both engines. */
  search_text: string;
  /** Last name, first name, e-mail, normalised like search_text: the list's order. */
  sort_key: string;
  /** End of the customer's latest booking: the retention period runs from it. */
  last_booking_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The owner's private notes about a customer. */
export interface CustomerNotesTable {
  id: string;
  customer_id: string;
  body: string;
  /** The back-office account that wrote it, and its e-mail then (the account may go). */
  admin_id: string;
  admin_email: string;
  created_at: string;
}

/** One changed field of a customer's details: who, when, before, after. */
export interface CustomerChangesTable {
  id: string;
  customer_id: string;
  field: string;
  before_value: string | null;
  after_value: string | null;
  /** 'owner': edited in the back office; 'booking': new details given with a booking; 'customer': changed by the customer in their space. */
  actor: 'owner' | 'booking' | 'customer';
  admin_id: string | null;
  admin_email: string | null;
  booking_id: string | null;
  changed_at: string;
}

export interface CustomerTables {
  customers: CustomersTable;
  customer_notes: CustomerNotesTable;
  customer_changes: CustomerChangesTable;
}

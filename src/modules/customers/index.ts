/** Customers: the person behind the bookings, their details, the owner's notes and the history of changes. */
export { bookingCustomer, createCustomersService, recordBookingCustomer, extendCustomerRetention, type BookingCustomer, type CustomersService } from './customers.service.js';
export type { Customer, CustomerBooking, CustomerDetails, PostalAddress } from './customers.model.js';
export { customerName } from './customers.model.js';
export { customersAdminRoutes } from './customers.admin.routes.js';
export { contactDataCategories, customersRegister, CUSTOMER_RETENTION_YEARS } from './customers.register.js';
export { inactiveCustomerIds } from './customers.queries.js';

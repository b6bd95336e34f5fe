/** The back office's URLs of this module: under the customer's page they act on. */
// A route pattern's parameter (« :id ») stays as it is; an id is encoded.
const base = (customerId: string) => `/admin/clients/${customerId.startsWith(':') ? customerId : encodeURIComponent(customerId)}`;

export const restrictionPaths = {
  restrict: (customerId: string) => `${base(customerId)}/limiter`,
  lift: (customerId: string) => `${base(customerId)}/lever-limitation`,
  object: (customerId: string) => `${base(customerId)}/opposition-prospection`,
  notices: (customerId: string) => `${base(customerId)}/destinataires-informes`,
  customer: base,
};

import type { Locale } from '../i18n/locale.js';

/**
 * The public site map, in both languages: every page's URL is built here, so a link
 * and the route that answers it cannot disagree, and a reader finds a page's URL in one place.
 * The module that serves each page is named beside it.
 */
const prefix: Record<Locale, string> = { fr: '', en: '/en' };
/** Encodes a path segment; ":name" passes through, so the same builders give the routes their patterns. */
const enc = (segment: string) => (segment.startsWith(':') ? segment : encodeURIComponent(segment));

export const paths = {
  /** site module */
  home: (locale: Locale) => (locale === 'fr' ? '/' : '/en/'),
  /** catalog module */
  services: (locale: Locale) => `${prefix[locale]}/services`,
  /** booking module: the service page is where booking starts (day → slot). */
  service: (locale: Locale, slug: string) => `${prefix[locale]}/services/${enc(slug)}`,
  /** booking module: the details form for one slot. */
  bookingForm: (locale: Locale, slug: string) => `${prefix[locale]}/services/${enc(slug)}/${locale === 'fr' ? 'reserver' : 'book'}`,
  /** booking module: the customer's private page for one booking. */
  booking: (locale: Locale, reference: string, token: string) =>
    `${prefix[locale]}/${locale === 'fr' ? 'reservation' : 'booking'}/${enc(reference)}/${enc(token)}`,
  /** booking module: where the payment provider sends the customer back (paid, or still being checked). */
  bookingPaymentReturn: (locale: Locale, reference: string, token: string) => `${paths.booking(locale, reference, token)}/${locale === 'fr' ? 'paiement' : 'payment'}`,
  /** booking module: the customer left the provider's page without paying: retry, or pay on site. */
  bookingPaymentCancelled: (locale: Locale, reference: string, token: string) => `${paths.booking(locale, reference, token)}/${locale === 'fr' ? 'paiement/abandon' : 'payment/cancelled'}`,
  bookingCalendar: (locale: Locale, reference: string, token: string) => `${paths.booking(locale, reference, token)}/calendar.ics`,
  /** invoices module: an invoice or credit note of the booking, as a PDF, behind the same private link. */
  bookingInvoice: (locale: Locale, reference: string, token: string, number: string) =>
    `${paths.booking(locale, reference, token)}/${locale === 'fr' ? 'factures' : 'invoices'}/${enc(number)}.pdf`,
  bookingCancel: (locale: Locale, reference: string, token: string) =>
    `${paths.booking(locale, reference, token)}/${locale === 'fr' ? 'annuler' : 'cancel'}`,
  /** booking module: the day picker to move one booking (?jour=YYYY-MM-DD), and its form's target. */
  bookingMove: (locale: Locale, reference: string, token: string) =>
    `${paths.booking(locale, reference, token)}/${locale === 'fr' ? 'deplacer' : 'move'}`,
  /** customer-space module: the customer's own space (sign-in form, or their bookings once signed in). */
  customerSpace: (locale: Locale) => (locale === 'fr' ? '/mon-espace' : '/en/my-space'),
  /** customer-space module: where the e-mail form posts (answered by the "check your mailbox" page). */
  customerSpaceLink: (locale: Locale) => `${paths.customerSpace(locale)}/${locale === 'fr' ? 'lien' : 'link'}`,
  /** customer-space module: the sign-in link of the mail (GET shows a button; only its POST signs in). */
  customerSpaceSignIn: (locale: Locale, token: string) => `${paths.customerSpace(locale)}/${locale === 'fr' ? 'connexion' : 'sign-in'}/${enc(token)}`,
  customerSpaceSignOut: (locale: Locale) => `${paths.customerSpace(locale)}/${locale === 'fr' ? 'deconnexion' : 'sign-out'}`,
  customerSpaceContact: (locale: Locale) => `${paths.customerSpace(locale)}/${locale === 'fr' ? 'coordonnees' : 'details'}`,
  customerSpaceBooking: (locale: Locale, reference: string) => `${paths.customerSpace(locale)}/${locale === 'fr' ? 'reservations' : 'bookings'}/${enc(reference)}`,
  customerSpaceBookingCalendar: (locale: Locale, reference: string) => `${paths.customerSpaceBooking(locale, reference)}/calendar.ics`,
  /** customer-space module: an invoice or credit note of one of the signed-in customer's bookings, as a PDF. */
  customerSpaceInvoice: (locale: Locale, number: string) => `${paths.customerSpace(locale)}/${locale === 'fr' ? 'factures' : 'invoices'}/${enc(number)}.pdf`,
  customerSpaceBookingMove: (locale: Locale, reference: string) => `${paths.customerSpaceBooking(locale, reference)}/${locale === 'fr' ? 'deplacer' : 'move'}`,
  customerSpaceBookingCancel: (locale: Locale, reference: string) => `${paths.customerSpaceBooking(locale, reference)}/${locale === 'fr' ? 'annuler' : 'cancel'}`,
  /** privacy module */
  privacyPolicy: (locale: Locale) => (locale === 'fr' ? '/politique-de-confidentialite' : '/en/privacy-policy'),
  /** rights module: the form to exercise one's rights (GDPR arts. 15–22, post-mortem directives). */
  rights: (locale: Locale) => (locale === 'fr' ? '/mes-droits' : '/en/my-rights'),
  /** legal module */
  terms: (locale: Locale) => (locale === 'fr' ? '/conditions-generales-de-vente' : '/en/terms-of-sale'),
  legalNotice: (locale: Locale) => (locale === 'fr' ? '/mentions-legales' : '/en/legal-notice'),
  /** privacy module: what changed in the policy, from the version announced before `version` to that one (?version=…). */
  privacyPolicyChanges: (locale: Locale) => `${paths.privacyPolicy(locale)}/${locale === 'fr' ? 'changements' : 'changes'}`,
  /** booking module: the owner's private calendar feed (the token is the only key). */
  ownerCalendarFeed: (token: string) => `/agenda/${enc(token)}/reservations.ics`,
} as const;

/** Back-office URLs (French only; the back office follows the browser's language for its texts). */
export const adminPaths = {
  dashboard: '/admin',
  login: '/admin/connexion',
  logout: '/admin/deconnexion',
  setup: (token: string) => `/admin/installation/${enc(token)}`,
  bookings: '/admin/reservations',
  /** booking module: a booking taken by the owner (a customer who phoned). */
  newBooking: '/admin/reservations/nouvelle',
  booking: (id: string) => `/admin/reservations/${enc(id)}`,
  bookingCancel: (id: string) => `/admin/reservations/${enc(id)}/annuler`,
  bookingMove: (id: string) => `/admin/reservations/${enc(id)}/deplacer`,
  bookingCustomer: (id: string) => `/admin/reservations/${enc(id)}/client`,
  /** payments module: record a payment taken on site for a booking, or correct one. */
  bookingPayment: (id: string) => `/admin/reservations/${enc(id)}/paiement`,
  bookingPaymentCorrection: (id: string) => `/admin/reservations/${enc(id)}/paiement/correction`,
  services: '/admin/prestations',
  newService: '/admin/prestations/nouvelle',
  service: (id: string) => `/admin/prestations/${enc(id)}`,
  serviceDelete: (id: string) => `/admin/prestations/${enc(id)}/supprimer`,
  /** booking module: the group sessions of a session service. */
  serviceSessions: (serviceId: string) => `/admin/prestations/${enc(serviceId)}/seances`,
  session: (id: string) => `/admin/seances/${enc(id)}`,
  sessionCancel: (id: string) => `/admin/seances/${enc(id)}/annuler`,
  openingHours: '/admin/horaires',
  closures: '/admin/fermetures',
  closureDelete: (id: string) => `/admin/fermetures/${enc(id)}/supprimer`,
  /** customers module */
  customers: '/admin/clients',
  customer: (id: string) => `/admin/clients/${enc(id)}`,
  customerEdit: (id: string) => `/admin/clients/${enc(id)}/modifier`,
  customerNotes: (id: string) => `/admin/clients/${enc(id)}/notes`,
  /** customers module, owner only: produce the access archive of a customer, erase a customer (privacy engine). */
  customerDataExport: (id: string) => `/admin/clients/${enc(id)}/export-donnees`,
  customerErase: (id: string) => `/admin/clients/${enc(id)}/effacer`,
  /** exports module (owner only) */
  exports: '/admin/export',
  exportBookings: '/admin/export/reservations.csv',
  exportCustomers: '/admin/export/clients.csv',
  exportPayments: '/admin/export/paiements.csv',
  exportInvoices: '/admin/export/factures.csv',
  exportInvoicePdfs: '/admin/export/factures.zip',
  exportPrivateSales: '/admin/export/ventes-particuliers.csv',
  /** booking module: the bookings a closure covers, to move or cancel each. */
  closureBookings: (id: string) => `/admin/fermetures/${enc(id)}/reservations`,
  /** booking module: the owner's agenda (?date=YYYY-MM-DD&vue=jour|semaine). */
  agenda: '/admin/agenda',
  agendaFeedRenew: '/admin/agenda/flux/renouveler',
  bookingAttendance: (id: string) => `/admin/reservations/${enc(id)}/presence`,
  outbox: '/admin/courriels',
  outboxMessage: (id: string) => `/admin/courriels/${enc(id)}`,
  outboxMessageEml: (id: string) => `/admin/courriels/${enc(id)}/message.eml`,
  outboxMessageRetry: (id: string) => `/admin/courriels/${enc(id)}/renvoyer`,
  /** invoices module (owner only): invoices and credit notes, each PDF. */
  invoices: '/admin/factures',
  /** payments module (owner only): payments, corrections and closings of a period. */
  payments: '/admin/paiements',
  invoicePdf: (number: string) => `/admin/factures/${enc(number)}.pdf`,
  /** legal-archive module (owner only): the records the law keeps, each read logged. */
  archives: '/admin/archives',
  archive: (kind: string, recordId: string) => `/admin/archives/${enc(kind)}/${enc(recordId)}`,
  archiveFile: (kind: string, recordId: string, name: string) => `/admin/archives/${enc(kind)}/${enc(recordId)}/fichiers/${enc(name)}`,
  /** invoices module (owner only): issue the invoice a paid booking waits for, once the missing details are given. */
  invoiceIssuePending: (bookingId: string) => `/admin/factures/en-attente/${enc(bookingId)}`,
  jobs: '/admin/taches',
  jobRetry: (id: string) => `/admin/taches/${enc(id)}/relancer`,
  /** admin module: the second step of a login (the code), forgotten password, invitation (open without a session). */
  loginCode: '/admin/connexion/code',
  forgotPassword: '/admin/mot-de-passe-oublie',
  passwordReset: (token: string) => `/admin/mot-de-passe-oublie/${enc(token)}`,
  invitation: (token: string) => `/admin/invitation/${enc(token)}`,
  /** admin module: one's own account (password, second factor). */
  account: '/admin/compte',
  accountPassword: '/admin/compte/mot-de-passe',
  accountTwoFactor: '/admin/compte/double-authentification',
  accountTwoFactorDisable: '/admin/compte/double-authentification/desactiver',
  /** rights module (owner only): rights requests and each one's page. */
  privacyRequests: '/admin/demandes',
  privacyRequest: (id: string) => `/admin/demandes/${enc(id)}`,
  /** admin module: the team (owner only). */
  team: '/admin/equipe',
  /** owner-api module: API keys and webhooks. */
  apiAccess: '/admin/parametres/api',
  apiKeys: '/admin/parametres/api/cles',
  apiKeyRevoke: (id: string) => `/admin/parametres/api/cles/${enc(id)}/revoquer`,
  webhooks: '/admin/parametres/api/webhooks',
  webhook: (id: string) => `/admin/parametres/api/webhooks/${enc(id)}`,
  webhookDelete: (id: string) => `/admin/parametres/api/webhooks/${enc(id)}/supprimer`,
  teamInvite: '/admin/equipe/inviter',
  teamTwoFactor: '/admin/equipe/double-authentification',
  teamMemberRemove: (id: string) => `/admin/equipe/membres/${enc(id)}/retirer`,
  teamInvitationCancel: (id: string) => `/admin/equipe/invitations/${enc(id)}/annuler`,
  /** privacy module (owner only): the policy's versions, the one to announce (preview, changes, publish). */
  privacyPolicy: '/admin/politique',
  privacyPolicyPublish: '/admin/politique/publier',
  /** privacy module (owner only): the record of processing activities (GDPR art. 30), as a page and a CSV file. */
  processingRecord: '/admin/registre',
  processingRecordCsv: '/admin/registre.csv',
  /** settings module (owner only): the business profile, the logo. */
  settings: '/admin/parametres',
  settingsLogo: '/admin/parametres/logo',
  settingsLogoRemove: '/admin/parametres/logo/retirer',
} as const;

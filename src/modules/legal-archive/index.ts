/**
 * The legal archive: records the law requires to keep, apart from the main database. Other modules
 * only ever receive its writer (PortContext.archive); the reads are the owner's pages and ledger verify.
 */
export { openLegalArchive, archiveSchemaFor, LEDGER_VERIFY_READER, type LegalArchive, type LegalArchiveReads, type ArchiveReader } from './legal-archive.service.js';
export { legalArchiveAdminRoutes } from './legal-archive.admin.routes.js';
export { legalArchiveRegister } from './legal-archive.register.js';

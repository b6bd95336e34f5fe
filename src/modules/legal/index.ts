/** Legal texts: terms of sale with every published version, the legal notice, withdrawal statements. */
export { createLegalService, versionOf, type LegalService, type LegalDocumentKind, type PublishedDocument } from './legal.service.js';
export { withdrawalStatement } from './terms.js';
export { legalRoutes } from './legal.routes.js';
export { versionedDocumentRoute } from './versioned-document.routes.js';
export { legalRegister } from './legal.register.js';

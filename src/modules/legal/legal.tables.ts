/** Every published version of a legal text, so the version a customer accepted can always be shown again. */
export interface LegalDocumentsTable {
  /** "terms" (CGV) or "privacy-policy". */
  kind: string;
  version: string;
  locale: 'fr' | 'en';
  /** JSON of a LegalDocument. */
  body: string;
  published_at: string;
}

export interface LegalTables {
  legal_documents: LegalDocumentsTable;
}

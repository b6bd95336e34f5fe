/** A legal text as structured data: rendered as a page, stored by version, compared by hash. */
export interface LegalDocument {
  title: string;
  /** Short lead paragraph. */
  intro?: string;
  sections: { heading: string; paragraphs: string[]; list?: string[] }[];
}

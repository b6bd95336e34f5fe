import type { Database } from '../../db/database.js';
import type { BusinessProfile } from '../../platform/business.js';
import type { Clock } from '../../platform/clock.js';
import { sha256Hex } from '../../platform/ids.js';
import { locales, type Locale } from '../../platform/i18n/locale.js';
import type { LegalDocument } from '../../platform/legal-document.js';
import { legalNoticeDocument } from './legal-notice.js';
import * as queries from './legal.queries.js';
import { termsDocument } from './terms.js';

export type LegalDocumentKind = 'terms' | 'privacy-policy';

export interface PublishedDocument {
  kind: LegalDocumentKind;
  version: string;
  documents: Record<Locale, LegalDocument>;
}

/** A version names the content: the same text always has the same version, any change a new one. */
export function versionOf(documents: Record<Locale, LegalDocument>): string {
  return sha256Hex(JSON.stringify(documents)).slice(0, 12);
}

export type LegalService = ReturnType<typeof createLegalService>;

/** The site's legal texts, and the record of every version published. */
export function createLegalService({ database, clock, business }: { database: Database; clock: Clock; business: BusinessProfile }) {
  const termsDocuments = { fr: termsDocument(business, 'fr'), en: termsDocument(business, 'en') };
  const terms: PublishedDocument = { kind: 'terms', version: versionOf(termsDocuments), documents: termsDocuments };

  /** Records a document version (once; publishing the same text again changes nothing). */
  async function publish(document: PublishedDocument): Promise<void> {
    const publishedAt = clock.now().toISOString();
    for (const locale of locales) {
      await queries.insertVersionIfAbsent(database.db, {
        kind: document.kind,
        version: document.version,
        locale,
        document: document.documents[locale],
        publishedAt,
      });
    }
  }

  return {
    terms,
    publish,
    publishTerms: () => publish(terms),
    legalNotice: (locale: Locale) => legalNoticeDocument(business, locale),
    /** A past or current version, as it was published. */
    version: (kind: LegalDocumentKind, version: string, locale: Locale) => queries.selectVersion(database.db, kind, version, locale),
  };
}

import type { Database } from '../../db/database.js';
import type { BusinessProfile } from '../../platform/business.js';
import type { Clock } from '../../platform/clock.js';
import { sha256Hex } from '../../platform/ids.js';
import { locales, type Locale } from '../../platform/i18n/locale.js';
import type { LegalDocument } from '../../platform/legal-document.js';
import { onSiteOnly, type PaymentOffer } from '../../platform/payment-offer.js';
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

/** The on-site methods when no offer is given (tests of this module alone). */
const ON_SITE = onSiteOnly([
  { fr: 'espèces', en: 'cash' },
  { fr: 'carte bancaire', en: 'card' },
]);

/**
 * The site's legal texts, and the record of every version published. They are written from the
 * business profile in force (`business()`), so an edit of the profile makes new versions: the
 * caller publishes them (publishTerms) when the profile changes, before a booking can record one.
 */
export function createLegalService({
  database,
  clock,
  business,
  paymentOffer = () => ON_SITE,
}: {
  database: Database;
  clock: Clock;
  business: () => BusinessProfile;
  /** How customers pay (the payments module's offer for the providers configured; on site only by default). */
  paymentOffer?: () => PaymentOffer;
}) {
  // Written again only when the profile changes (a new object each time it is read from the database).
  let written: { from: BusinessProfile; offer: PaymentOffer; terms: PublishedDocument } | undefined;
  function currentTerms(): PublishedDocument {
    const profile = business();
    const offer = paymentOffer();
    if (written?.from !== profile || written.offer !== offer) {
      const documents = { fr: termsDocument(profile, 'fr', offer), en: termsDocument(profile, 'en', offer) };
      written = { from: profile, offer, terms: { kind: 'terms', version: versionOf(documents), documents } };
    }
    return written.terms;
  }

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
    /** The terms of sale in force. */
    get terms(): PublishedDocument {
      return currentTerms();
    },
    publish,
    publishTerms: () => publish(currentTerms()),
    legalNotice: (locale: Locale) => legalNoticeDocument(business(), locale),
    /** A past or current version, as it was published. */
    version: (kind: LegalDocumentKind, version: string, locale: Locale) => queries.selectVersion(database.db, kind, version, locale),
    /** The latest version published before other than `version`: what was in force before it. */
    latestOtherVersion: (kind: LegalDocumentKind, version: string) => queries.selectLatestOtherVersion(database.db, kind, version),
  };
}

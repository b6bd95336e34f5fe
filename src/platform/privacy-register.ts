import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Localized } from './i18n/locale.js';

/**
 * The register of processing activities (GDPR art. 30), as code. Each module declares
 * what it processes and where it keeps it; the privacy policy page, the booking form's
 * notice and the retention sweep read these declarations, and a test fails when a
 * column of the live schema is declared nowhere.
 */

/** GDPR art. 6(1): (a) consent, (b) contract, (c) legal obligation, (f) legitimate interest. */
export type LegalBasis = 'consent' | 'contract' | 'legal_obligation' | 'legitimate_interest';

export interface ProcessingActivity {
  /** Stable identifier, referenced by column declarations. */
  id: string;
  name: Localized;
  purpose: Localized;
  legalBasis: LegalBasis;
  /** Whose data: customers, visitors, staff… */
  dataSubjects: Localized;
  dataCategories: Localized[];
  /** Who receives the data besides the business itself. */
  recipients: Localized[];
  /** How long, in words, as the privacy policy states it. */
  retention: Localized;
}

export interface TableDeclaration {
  table: string;
  /** Columns that can hold personal data → the activities that use them. */
  personal: Record<string, string[]>;
  /** Columns that cannot hold personal data (ids, prices, statuses, instants of non-personal events…). */
  nonPersonal: string[];
}

export interface RetentionReport {
  activity: string;
  deleted: number;
  anonymised: number;
}

/** A module's part of the register, and the code that keeps its retention promises. */
export interface ModuleRegister {
  module: string;
  activities: ProcessingActivity[];
  tables: TableDeclaration[];
  /** Deletes or anonymises what has outlived its retention period. Idempotent. */
  sweep?: (db: Kysely<DB>, now: Date) => Promise<RetentionReport[]>;
}

export const legalBasisText: Record<LegalBasis, Localized> = {
  consent: { fr: 'votre consentement (RGPD, art. 6.1.a)', en: 'your consent (GDPR, art. 6(1)(a))' },
  contract: { fr: 'l’exécution du contrat qui nous lie (RGPD, art. 6.1.b)', en: 'the performance of our contract (GDPR, art. 6(1)(b))' },
  legal_obligation: { fr: 'nos obligations légales (RGPD, art. 6.1.c)', en: 'our legal obligations (GDPR, art. 6(1)(c))' },
  legitimate_interest: { fr: 'notre intérêt légitime (RGPD, art. 6.1.f)', en: 'our legitimate interest (GDPR, art. 6(1)(f))' },
};

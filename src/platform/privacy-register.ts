import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Locale, Localized } from './i18n/locale.js';

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
  /** The purpose as the policy says it to the person (« vos réservations »). */
  purpose: Localized;
  /** The purpose as the controller's record of processing activities (art. 30) states it, in the third person; the purpose when it already reads so. */
  record?: Localized;
  legalBasis: LegalBasis;
  /** Whose data: customers, visitors, staff… */
  dataSubjects: Localized;
  dataCategories: Localized[];
  /** Who receives the data besides the business itself. */
  recipients: Recipient[];
  /**
   * How long, in words. Deprecated: an activity with retention rules (ModuleRegister.retention)
   * has its sentence written from them (retentionText); this text is only the fallback while
   * a module has not yet declared its rules.
   */
  retention?: Localized;
}

/**
 * A recipient of an activity's data. The Localized part is the sentence the policy shows
 * (« notre hébergeur, en qualité de sous-traitant »); where it is, and the safeguards of a
 * transfer outside the European Union, are what GDPR art. 13(1)(e–f) and art. 30 ask for.
 */
export type Recipient = Localized & {
  role?: 'processor' | 'controller' | 'public';
  /** Where the recipient processes the data: « France », « Union européenne », « États-Unis ». */
  country?: Localized;
  /** For a transfer outside the EU: the adequacy decision or the standard contractual clauses relied on. */
  safeguards?: Localized;
};

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

/** A module's part of the register, and the code that keeps its promises. */
export interface ModuleRegister {
  module: string;
  activities: ProcessingActivity[];
  tables: TableDeclaration[];
  /**
   * Finds, exports and erases one person's data in this module's tables and files. Required as
   * soon as the module declares a personal column or an external store (register test).
   */
  personalData?: PersonalDataPort;
  /**
   * Other modules find a person's records through this module's rows (the customer record, the
   * bookings). Its erasure runs last, and only when every other port succeeded: erased early, a
   * failed port's leftovers could no longer be found by a second erasure.
   */
  identifiesPeople?: true;
  /** The retention rules: the policy's sentences and the nightly retention run are both made from them. */
  retention?: RetentionRule[];
  /** Where the module keeps personal data outside the database (files, logs). */
  stores?: ExternalStore[];
  /** Deprecated: replaced by `retention` rules; kept only until every module has its rules. */
  sweep?: (db: Kysely<DB>, now: Date) => Promise<RetentionReport[]>;
}

// ---------------------------------------------------------------------------------------------
// The operational register: one person's data (ports), retention rules, stores, legal archive.
// The privacy engine (modules/privacy) only ever goes through these; it never reads a module's
// tables, so that a module added later is covered by declaring its part, without changes there.
// ---------------------------------------------------------------------------------------------

/** The person a request or an erasure is about. */
export interface DataSubject {
  /** customers.id, when the person has a customer record (the customers module owns the person). */
  customerId: string | null;
  /** Every address the person is known by, normalised (trimmed, lower case). Never empty. */
  emails: string[];
}

/** What a port or a rule is given: never the root handle when the engine runs it inside a transaction. */
export interface PortContext {
  /** The database, or the transaction the engine opened for this port. */
  db: Kysely<DB>;
  now: Date;
  /** DATA_DIR: files kept outside the database (ExternalStore.location) live under it. */
  dataDir: string;
  /** Where records the law keeps go, unchanged, when their active life ends or their person is erased. */
  archive: LegalArchiveWriter;
}

/** A value of an exported row: what data.json and the CSV files can hold. */
export type ExportValue = string | number | boolean | null;

/** One kind of record held about the person: an array in data.json and one CSV in the access zip. */
export interface PersonalRecords {
  /** File-name safe ([a-z0-9-]), unique across the register: « bookings » → bookings.csv. */
  kind: string;
  label: Localized;
  /** The activities (ids) these records serve: the summary says why they are kept. */
  activities: string[];
  rows: Record<string, ExportValue>[];
  /** Files that belong to these records (the .eml copy of a mail, an invoice's PDF): put in the zip under files/<kind>/. */
  files?: { name: string; content: Buffer }[];
}

/** What a port holds about the person, counted (a customer's page, a request before it is answered). */
export interface PersonalDataFound {
  kind: string;
  label: Localized;
  count: number;
}

export type ErasureAction = 'deleted' | 'anonymised' | 'archived' | 'kept';

/** One line of the erasure report the person receives. */
export interface ErasureLine {
  kind: string;
  label: Localized;
  action: ErasureAction;
  count: number;
  /** For archived or kept records: the legal ground (« Code de commerce, art. L123-22 ») … */
  ground?: Localized;
  /** … and until when (YYYY-MM-DD). */
  until?: string;
}

export interface PersonalDataPort {
  find(ctx: PortContext, subject: DataSubject): Promise<PersonalDataFound[]>;
  /** Everything the module holds about the person, as they may read it (access and portability, art. 15 and 20). */
  export(ctx: PortContext, subject: DataSubject): Promise<PersonalRecords[]>;
  /**
   * Erases the person (art. 17): deletes or anonymises what may go, copies what the law keeps to
   * the archive before removing it here, and says so line by line. Idempotent: a second call
   * reports nothing left. Runs inside the transaction of ctx.db.
   */
  erase(ctx: PortContext, subject: DataSubject): Promise<ErasureLine[]>;
}

/** A length of time in calendar units (months and years counted on the calendar, not in days). */
export interface Duration {
  years?: number;
  months?: number;
  days?: number;
}

/** What happens when a retention period ends. */
export type RetentionEnd = 'delete' | 'anonymise' | 'archive';

export interface RetentionRule {
  /** Stable and unique: « customers.inactive ». Printed by `wservices retention run`. */
  id: string;
  /** The activity whose retention sentence this rule writes. */
  activity: string;
  /** What the rule applies to, as the policy says it: « votre fiche client, ses notes et son historique ». */
  records: Localized;
  keep: Duration;
  /** The event the period is counted from, following « après » / "after": « votre dernière réservation ». */
  from: Localized;
  then: RetentionEnd;
  /** For then = 'archive': the legal ground and how long the archive keeps the record. */
  archive?: { ground: Localized; keep: Duration };
  /**
   * Acts on the records whose period ended before `cutoff` (now minus keep, computed by the
   * engine); with dryRun, only counts them. Returns how many records it acted on (or would).
   */
  apply(ctx: PortContext, cutoff: Date, options: { dryRun: boolean }): Promise<number>;
}

/** Personal data kept outside the database. Its port finds, exports and erases it too. */
export interface ExternalStore {
  id: string;
  description: Localized;
  /** Where, relative to DATA_DIR (« mail/*.eml ») or named (« the server's log output »). */
  location: string;
  activities: string[];
}

/** A record the law requires to keep, moved unchanged to the legal archive. */
export interface ArchiveEntry {
  /** « invoice », « payment »… */
  kind: string;
  /** The record's id in its table: (kind, recordId) is unique in the archive; putting it again changes nothing. */
  recordId: string;
  /** The person it concerns, when there is one (the owner's archive reads by customer). */
  customerId: string | null;
  /** The record as it was, JSON-serialisable. */
  record: unknown;
  /** Files that belong to it (an invoice's PDF). */
  files?: { name: string; content: Buffer }[];
  ground: Localized;
  /** YYYY-MM-DD: after that day the archive deletes it. */
  keepUntil: string;
}

/** The only way in to the legal archive for modules: they can add, never read. */
export interface LegalArchiveWriter {
  put(entry: ArchiveEntry): Promise<void>;
}

export const legalBasisText: Record<LegalBasis, Localized> = {
  consent: { fr: 'votre consentement (RGPD, art. 6.1.a)', en: 'your consent (GDPR, art. 6(1)(a))' },
  contract: { fr: 'l’exécution du contrat qui nous lie (RGPD, art. 6.1.b)', en: 'the performance of our contract (GDPR, art. 6(1)(b))' },
  legal_obligation: { fr: 'nos obligations légales (RGPD, art. 6.1.c)', en: 'our legal obligations (GDPR, art. 6(1)(c))' },
  legitimate_interest: { fr: 'notre intérêt légitime (RGPD, art. 6.1.f)', en: 'our legitimate interest (GDPR, art. 6(1)(f))' },
};

const units: Record<keyof Duration, { fr: [string, string]; en: [string, string] }> = {
  years: { fr: ['an', 'ans'], en: ['year', 'years'] },
  months: { fr: ['mois', 'mois'], en: ['month', 'months'] },
  days: { fr: ['jour', 'jours'], en: ['day', 'days'] },
};

/** « 3 ans », « 1 an et 6 mois », "90 days". */
export function durationText(duration: Duration, locale: Locale): string {
  const parts = (Object.keys(units) as (keyof Duration)[])
    .filter((unit) => (duration[unit] ?? 0) > 0)
    .map((unit) => {
      const n = duration[unit]!;
      return `${n}\u00a0${units[unit][locale][n === 1 ? 0 : 1]}`;
    });
  if (parts.length === 0) return locale === 'fr' ? '0\u00a0jour' : '0 days';
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} ${locale === 'fr' ? 'et' : 'and'} ${parts[parts.length - 1]}`;
}

/** The instant `duration` before `now`, on the calendar (31 March minus 1 month is 28 or 29 February). */
export function cutoffBefore(now: Date, duration: Duration): Date {
  const cutoff = new Date(now);
  const day = cutoff.getUTCDate();
  cutoff.setUTCDate(1);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - (duration.years ?? 0));
  cutoff.setUTCMonth(cutoff.getUTCMonth() - (duration.months ?? 0));
  const lastDay = new Date(Date.UTC(cutoff.getUTCFullYear(), cutoff.getUTCMonth() + 1, 0)).getUTCDate();
  cutoff.setUTCDate(Math.min(day, lastDay));
  cutoff.setUTCDate(cutoff.getUTCDate() - (duration.days ?? 0));
  return cutoff;
}

/** One rule as the policy says it: « votre fiche client, ses notes et son historique\u00a0: 3 ans après votre dernière réservation, puis suppression. » */
export function retentionRuleText(rule: RetentionRule, locale: Locale): string {
  const fr = locale === 'fr';
  const keep = durationText(rule.keep, locale);
  const end =
    rule.then === 'delete'
      ? fr ? 'puis suppression' : 'then deleted'
      : rule.then === 'anonymise'
        ? fr ? 'puis anonymisation' : 'then anonymised'
        : fr
          ? `puis archivage, avec un accès réservé au responsable du traitement, pendant ${durationText(rule.archive?.keep ?? {}, locale)} (${rule.archive?.ground.fr ?? ''}), puis suppression`
          : `then archived, with access restricted to the controller, for ${durationText(rule.archive?.keep ?? {}, locale)} (${rule.archive?.ground.en ?? ''}), then deleted`;
  // Nothing kept beyond the event itself (an account, until the owner removes it): « jusqu’à », "until".
  if (isZero(rule.keep)) return fr ? `${rule.records.fr}\u00a0: jusqu’à ${rule.from.fr}, ${end}.` : `${rule.records.en}: until ${rule.from.en}, ${end}.`;
  return fr
    ? `${rule.records.fr}\u00a0: ${keep} après ${rule.from.fr}, ${end}.`
    : `${rule.records.en}: ${keep} after ${rule.from.en}, ${end}.`;
}

/** An activity's retention, as the policy and the collection notices state it: from its rules, or its old free text. */
export function retentionText(activity: ProcessingActivity, rules: RetentionRule[], locale: Locale): string {
  const own = rules.filter((rule) => rule.activity === activity.id);
  if (own.length > 0) return own.map((rule) => upperFirst(retentionRuleText(rule, locale))).join(' ');
  return activity.retention?.[locale] ?? '';
}

function isZero(duration: Duration): boolean {
  return !duration.years && !duration.months && !duration.days;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What an erasure did, across every module: what the person is told (art. 17 and 19). */
export interface ErasureReport {
  lines: (ErasureLine & { module: string })[];
  /** Modules whose port failed: the erasure is not complete and says so. */
  failed: { module: string; error: string }[];
}

/**
 * The privacy engine's operations on one person, as other modules (rights requests, the
 * customer's page) call them; implemented by modules/privacy, wired by app.ts.
 */
export interface PersonalDataOperations {
  /** The person known by this address (customer record or not); the address normalised. */
  subjectForEmail(email: string): Promise<DataSubject>;
  subjectForCustomer(customerId: string): Promise<DataSubject | undefined>;
  find(subject: DataSubject): Promise<(PersonalDataFound & { module: string })[]>;
  /** Builds the access/portability zip and returns a download path that expires after 3 days. */
  produceAccessArchive(subject: DataSubject, locale: Locale): Promise<{ path: string; expiresAt: Date }>;
  erase(subject: DataSubject): Promise<ErasureReport>;
}

import type { BusinessProfile } from '../../platform/business.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { legalBasisText, retentionText, type ModuleRegister, type ProcessingActivity } from '../../platform/privacy-register.js';
import { recipientText, securityMeasures } from './privacy-policy.js';

/** One activity of the record of processing activities (GDPR art. 30(1)), as the owner shows it to the CNIL. */
export interface RecordEntry {
  id: string;
  module: string;
  name: string;
  purpose: string;
  legalBasis: string;
  dataSubjects: string;
  dataCategories: string[];
  recipients: string[];
  /** The recipients that declare safeguards: a transfer outside the European Union. */
  transfers: string[];
  retention: string;
  /** Where the data is kept: « customers (email, phone) », and the stores outside the database. */
  locations: string[];
}

export interface ProcessingRecord {
  controller: { name: string; legalName: string; address: string; email: string };
  entries: RecordEntry[];
  securityMeasures: string[];
}

/** The record, from the register as the code declares it: nothing typed by hand, so it cannot drift from the code. */
export function processingRecord(business: BusinessProfile, registers: ModuleRegister[], locale: Locale): ProcessingRecord {
  const rules = registers.flatMap((r) => r.retention ?? []);
  const a = business.address;
  const entries = registers.flatMap((register) => register.activities.map((activity) => entryOf(register, registers, activity, rules, locale)));
  return {
    controller: { name: business.controllerName, legalName: business.legalName, address: `${a.line1}, ${a.postalCode} ${a.city}`, email: business.email },
    entries,
    securityMeasures: securityMeasures.map((m) => m[locale]),
  };
}

function entryOf(register: ModuleRegister, registers: ModuleRegister[], activity: ProcessingActivity, rules: Parameters<typeof retentionText>[1], locale: Locale): RecordEntry {
  return {
    id: activity.id,
    module: register.module,
    name: activity.name[locale],
    purpose: (activity.record ?? activity.purpose)[locale],
    legalBasis: legalBasisText[activity.legalBasis][locale],
    dataSubjects: activity.dataSubjects[locale],
    dataCategories: activity.dataCategories.map((c) => c[locale]),
    recipients: activity.recipients.map((r) => recipientText(r, locale)),
    transfers: activity.recipients.filter((r) => r.safeguards).map((r) => recipientText(r, locale)),
    retention: retentionText(activity, rules, locale),
    locations: locationsOf(registers, activity.id),
  };
}

/** Every table whose declared personal columns serve the activity, with those columns, then its external stores. */
function locationsOf(registers: ModuleRegister[], activityId: string): string[] {
  const tables = registers.flatMap((r) => r.tables).flatMap((table) => {
    const columns = Object.entries(table.personal)
      .filter(([, activities]) => activities.includes(activityId))
      .map(([column]) => column);
    return columns.length > 0 ? [`${table.table} (${columns.join(', ')})`] : [];
  });
  const stores = registers.flatMap((r) => r.stores ?? []).filter((s) => s.activities.includes(activityId)).map((s) => s.location);
  return [...tables, ...stores];
}

/** The CSV's header, then one row per activity (French, like every export of the back office). */
export function processingRecordRows(record: ProcessingRecord): { header: string[]; rows: string[][] } {
  const header = ['Traitement', 'Identifiant', 'Module', 'Responsable', 'Finalité', 'Base légale', 'Personnes concernées', 'Catégories de données', 'Destinataires (pays, garanties)', 'Transferts hors UE', 'Durée de conservation', 'Emplacements', 'Mesures de sécurité'];
  const controller = `${record.controller.name}, ${record.controller.legalName}, ${record.controller.address}, ${record.controller.email}`;
  const security = record.securityMeasures.join('\u00a0; ');
  const rows = record.entries.map((e) => [
    e.name,
    e.id,
    e.module,
    controller,
    e.purpose,
    e.legalBasis,
    e.dataSubjects,
    e.dataCategories.join(', '),
    e.recipients.join(' | '),
    e.transfers.length > 0 ? e.transfers.join(' | ') : 'Aucun déclaré',
    e.retention,
    e.locations.join(', '),
    security,
  ]);
  return { header, rows };
}

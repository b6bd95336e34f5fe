import yazl from 'yazl';
import type { BusinessProfile } from '../../platform/business.js';
import { formatDateTime } from '../../platform/i18n/format.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { legalBasisText, retentionText, type DataSubject, type ExportValue, type PersonalRecords, type ProcessingActivity, type RetentionRule } from '../../platform/privacy-register.js';
import { frenchCsv } from '../../platform/csv.js';

/** The version of data.json's shape; docs/personal-data.schema.json describes it. */
export const PERSONAL_DATA_SCHEMA = 'wservices.personal-data/1';

export interface AccessArchiveContent {
  subject: DataSubject;
  generatedAt: Date;
  locale: Locale;
  records: (PersonalRecords & { module: string })[];
  activities: ProcessingActivity[];
  rules: RetentionRule[];
  business: BusinessProfile;
  /** Absolute address of the rights page in the person's language (/mes-droits, /en/my-rights). */
  rightsUrl: string;
}

/** data.json: the person's records by kind, in a shape another service can read (portability, art. 20). */
export function personalDataJson(content: Pick<AccessArchiveContent, 'subject' | 'generatedAt' | 'records'>) {
  return {
    schema: PERSONAL_DATA_SCHEMA,
    generatedAt: content.generatedAt.toISOString(),
    subject: { customerId: content.subject.customerId, emails: content.subject.emails },
    records: Object.fromEntries(content.records.map((r) => [r.kind, r.rows])),
  };
}

function cellText(value: ExportValue): string | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** One kind of record as French Excel opens it: its columns are every field any row has, in order of appearance. */
export function recordsCsv(rows: Record<string, ExportValue>[]): string {
  const header = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return frenchCsv(header, rows.map((row) => header.map((column) => cellText(row[column] ?? null))));
}

/** A name safe in a zip on every system: no folders, no control or reserved characters. */
function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f<>:"|?*]/g, '_').replace(/^\.+/, '');
  return cleaned === '' ? 'file' : cleaned;
}

const texts = {
  fr: {
    file: 'resume.txt',
    title: (name: string) => `Vos données personnelles chez ${name}`,
    generated: (at: string) => `Export produit le ${at}, à votre demande (RGPD, art. 15 et 20).`,
    contents: 'Ce que contient ce fichier zip',
    contentsLines: [
      'data.json : toutes vos données, dans un format lisible par un autre service (schéma wservices.personal-data/1) ;',
      'un fichier CSV par type de données (s’ouvre dans un tableur) ;',
      'files/ : les documents qui vous concernent (copies des e-mails, factures…), s’il y en a ;',
      'ce résumé.',
    ],
    records: 'Données que nous détenons',
    none: 'Nous ne détenons aucune donnée vous concernant.',
    activities: 'Pourquoi nous les traitons',
    controller: (legal: string, controller: string, email: string) => `Responsable du traitement : ${legal} (${controller}), ${email}.`,
    purpose: 'Finalité',
    basis: 'Base légale',
    recipients: 'Destinataires',
    noRecipient: 'aucun en dehors de notre entreprise',
    retention: 'Durée de conservation',
    source: 'Source des données',
    sourceText:
      'vous-même, quand vous réservez, nous écrivez ou utilisez votre espace client ; les autres données (factures, paiements, historique) sont produites par nos soins au fil de notre relation.',
    rights: 'Vos droits',
    rightsText: (url: string, email: string) =>
      `Vous pouvez accéder à vos données, les rectifier, les effacer, en limiter l’usage, vous opposer à leur traitement, les récupérer (portabilité) et donner des directives sur leur sort après votre décès. Pour exercer ces droits : ${url}, ou écrivez-nous à ${email}. Nous répondons dans un délai d’un mois.`,
    complaint: 'Réclamation',
    complaintText:
      'Si vous estimez que vos droits ne sont pas respectés, vous pouvez introduire une réclamation auprès de la CNIL : https://www.cnil.fr/fr/plaintes, ou par courrier à CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07.',
  },
  en: {
    file: 'summary.txt',
    title: (name: string) => `Your personal data held by ${name}`,
    generated: (at: string) => `Export produced on ${at}, as you asked (GDPR, art. 15 and 20).`,
    contents: 'What this zip file holds',
    contentsLines: [
      'data.json: all your data, in a format another service can read (schema wservices.personal-data/1);',
      'one CSV file per kind of data (opens in a spreadsheet);',
      'files/: the documents about you (copies of e-mails, invoices…), if any;',
      'this summary.',
    ],
    records: 'Data we hold',
    none: 'We hold no data about you.',
    activities: 'Why we process it',
    controller: (legal: string, controller: string, email: string) => `Controller: ${legal} (${controller}), ${email}.`,
    purpose: 'Purpose',
    basis: 'Legal basis',
    recipients: 'Recipients',
    noRecipient: 'none outside our business',
    retention: 'Retention',
    source: 'Source of the data',
    sourceText: 'yourself, when you book, write to us or use your customer space; the rest (invoices, payments, history) is produced by us in the course of our relationship.',
    rights: 'Your rights',
    rightsText: (url: string, email: string) =>
      `You may access your data, have it corrected or erased, restrict or object to its use, take it elsewhere (portability) and give directives about it after your death. To exercise these rights: ${url}, or write to us at ${email}. We answer within one month.`,
    complaint: 'Complaints',
    complaintText:
      'If you believe your rights are not respected, you may lodge a complaint with the CNIL, the French data protection authority: https://www.cnil.fr/en/complaints, or by post to CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, France.',
  },
};

/** French typography in a plain text file: a non-breaking space before « : ; ! ? ». */
function typeset(text: string, locale: Locale): string {
  return locale === 'fr' ? text.replace(/ ([:;!?])(?=\s|$)/g, '\u00a0$1') : text;
}

/**
 * The readable summary (art. 13–15): what we hold, and for each activity concerned its purpose,
 * legal basis, recipients with their country, retention, the data's source, the rights and how to
 * exercise them, how to complain to the CNIL. Plain text in the person's language: opens anywhere.
 */
export function accessSummary(content: AccessArchiveContent): { name: string; text: string } {
  const { locale, business } = content;
  const t = texts[locale];
  const sep = locale === 'fr' ? ' : ' : ': ';
  const concerned = new Set(content.records.flatMap((r) => r.activities));
  const activities = content.activities.filter((a) => concerned.has(a.id));
  const lines: string[] = [t.title(business.name), '', t.generated(formatDateTime(content.generatedAt, locale, business.timezone)), t.controller(business.legalName, business.controllerName, business.email), ''];
  lines.push(`## ${t.contents}`, ...t.contentsLines.map((l) => `- ${l}`), '');
  lines.push(`## ${t.records}`);
  if (content.records.length === 0) lines.push(t.none);
  for (const r of content.records) lines.push(`- ${r.label[locale]} (${r.kind}.csv)${sep}${r.rows.length}${r.files?.length ? ` + ${r.files.length} files/${r.kind}/` : ''}`);
  lines.push('');
  if (activities.length > 0) lines.push(`## ${t.activities}`, '');
  for (const activity of activities) {
    const recipients = activity.recipients.length
      ? activity.recipients.map((r) => `${r[locale]}${r.country ? ` (${r.country[locale]}${r.safeguards ? `, ${r.safeguards[locale]}` : ''})` : ''}`).join(locale === 'fr' ? ' ; ' : '; ')
      : t.noRecipient;
    lines.push(
      `### ${activity.name[locale]}`,
      `${t.purpose}${sep}${activity.purpose[locale]}`,
      `${t.basis}${sep}${legalBasisText[activity.legalBasis][locale]}.`,
      `${t.recipients}${sep}${recipients}.`,
      `${t.retention}${sep}${retentionText(activity, content.rules, locale)}`,
      '',
    );
  }
  lines.push(`## ${t.source}`, t.sourceText, '', `## ${t.rights}`, t.rightsText(content.rightsUrl, business.email), '', `## ${t.complaint}`, t.complaintText, '');
  return { name: t.file, text: typeset(lines.join('\r\n'), locale) };
}

/** The whole zip, in memory (a person's data is small): data.json, one CSV per kind, files/<kind>/…, the summary. */
export function buildAccessZip(content: AccessArchiveContent): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = content.generatedAt;
  zip.addBuffer(Buffer.from(`${JSON.stringify(personalDataJson(content), null, 2)}\n`, 'utf8'), 'data.json', { mtime });
  for (const r of content.records) {
    zip.addBuffer(Buffer.from(recordsCsv(r.rows), 'utf8'), `${r.kind}.csv`, { mtime });
    const used = new Set<string>();
    for (const file of r.files ?? []) {
      let name = safeFileName(file.name);
      for (let n = 2; used.has(name); n++) name = `${n}-${safeFileName(file.name)}`;
      used.add(name);
      zip.addBuffer(file.content, `files/${r.kind}/${name}`, { mtime });
    }
  }
  const summary = accessSummary(content);
  zip.addBuffer(Buffer.from(`\ufeff${summary.text}`, 'utf8'), summary.name, { mtime });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

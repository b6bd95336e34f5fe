import { hostingProvider } from '../../platform/recipients.js';
import type { Localized } from '../../platform/i18n/locale.js';
import type { ErasureLine, ModuleRegister, PersonalRecords } from '../../platform/privacy-register.js';
import { archiveBehind, type ArchiveReader } from './legal-archive.service.js';

const label: Localized = { fr: 'Archive légale', en: 'Legal archive' };
/** The archive's port reads for the person's own access request: the read log says so. */
const ACCESS_READER: ArchiveReader = { id: 'privacy', name: 'droit d’accès (demande de la personne)' };

/**
 * The legal archive's part of the register. Its tables are not in the main database (archive.sqlite,
 * or its own PostgreSQL schema): the register test reads the main schema only, so they are
 * declared here as a store (`stores`) and described in CONTEXT.md, not as `tables`.
 */
export const legalArchiveRegister: ModuleRegister = {
  module: 'legal-archive',
  activities: [
    {
      id: 'legal-archive',
      name: label,
      purpose: {
        fr: 'Conserver pendant la durée que la loi impose les factures, avoirs, paiements et remboursements dont la vie active a pris fin ou dont la personne a demandé l’effacement\u00a0; seul le responsable du traitement peut les consulter, et chaque consultation est journalisée.',
        en: 'Keeping for the period the law requires the invoices, credit notes, payments and refunds whose active life has ended or whose person asked for erasure; only the controller can read them, and every read is logged.',
      },
      legalBasis: 'legal_obligation',
      dataSubjects: { fr: 'les clients', en: 'customers' },
      dataCategories: [
        { fr: 'factures et avoirs tels qu’émis (nom, adresse, numéros SIREN et TVA d’un client professionnel, prestations, montants) et leur PDF', en: 'invoices and credit notes as issued (name, address, a business customer’s SIREN and VAT numbers, services, amounts) and their PDF' },
        { fr: 'paiements, tentatives de paiement en ligne et remboursements (montants, dates, moyens, identifiants attribués par le prestataire)', en: 'payments, online payment attempts and refunds (amounts, dates, methods, the provider’s ids)' },
        { fr: 'journal des consultations de l’archive (qui, quand, quoi)', en: 'the log of the archive’s reads (who, when, what)' },
      ],
      recipients: [
        { fr: 'l’administration fiscale et notre expert-comptable, sur demande', en: 'the tax authorities and our accountant, on request', role: 'public', country: { fr: 'France', en: 'France' } },
        hostingProvider,
      ],
    },
  ],
  tables: [],
  stores: [
    {
      id: 'legal-archive',
      description: {
        fr: 'L’archive légale\u00a0: les enregistrements archivés (archive_entries), leurs fichiers (archive_files, le PDF d’une facture) et le journal des consultations (archive_reads), hors de la base principale.',
        en: 'The legal archive: the archived records (archive_entries), their files (archive_files, an invoice’s PDF) and the read log (archive_reads), outside the main database.',
      },
      location: 'archive.sqlite (SQLite), or the PostgreSQL schema <main schema>_archive (legal_archive beside public)',
      activities: ['legal-archive'],
    },
  ],
  personalData: {
    async find(ctx, subject) {
      if (!subject.customerId) return [];
      const count = await archiveBehind(ctx.archive).countOfCustomer(subject.customerId);
      return count > 0 ? [{ kind: 'legal-archive', label, count }] : [];
    },
    async export(ctx, subject): Promise<PersonalRecords[]> {
      if (!subject.customerId) return [];
      const entries = await archiveBehind(ctx.archive).ofCustomer(subject.customerId, ACCESS_READER, 'export');
      if (entries.length === 0) return [];
      return [
        {
          kind: 'legal-archive',
          label,
          activities: ['legal-archive'],
          rows: entries.map((e) => ({ kind: e.kind, record_id: e.recordId, archived_at: e.archivedAt, keep_until: e.keepUntil, ground: e.ground.fr, record: JSON.stringify(e.record) })),
          files: entries.flatMap((e) => e.fileContents.map((f) => ({ name: `${e.kind}-${e.recordId}-${f.name}`, content: f.content }))),
        },
      ];
    },
    /** The archive holds only what the law requires to keep: it erases nothing before its term, and says until when, per ground. */
    async erase(ctx, subject): Promise<ErasureLine[]> {
      if (!subject.customerId) return [];
      const entries = await archiveBehind(ctx.archive).ofCustomer(subject.customerId, { id: 'privacy', name: 'droit à l’effacement (demande de la personne)' }, 'erase');
      const byGround = new Map<string, { ground: Localized; count: number; until: string }>();
      for (const entry of entries) {
        const key = entry.ground.fr;
        const group = byGround.get(key) ?? { ground: entry.ground, count: 0, until: entry.keepUntil };
        group.count++;
        if (entry.keepUntil > group.until) group.until = entry.keepUntil;
        byGround.set(key, group);
      }
      return [...byGround.values()].map((g) => ({ kind: 'legal-archive', label, action: 'kept', count: g.count, ground: g.ground, until: g.until }));
    },
  },
  retention: [
    {
      id: 'legal-archive.expired',
      activity: 'legal-archive',
      records: { fr: 'les enregistrements de l’archive légale', en: 'the legal archive’s records' },
      keep: { days: 1 },
      from: { fr: 'la fin de leur durée légale de conservation', en: 'the end of their legal retention period' },
      then: 'delete',
      // cutoff = now − 1 day: an entry kept until that day (or before) has had its last day.
      apply: (ctx, cutoff, { dryRun }) => archiveBehind(ctx.archive).deleteExpired(cutoff.toISOString().slice(0, 10), dryRun),
    },
  ],
};

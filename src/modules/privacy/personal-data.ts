import { createHash, randomBytes } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import type { BusinessProfile } from '../../platform/business.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type {
  DataSubject,
  ErasureReport,
  LegalArchiveWriter,
  ModuleRegister,
  PersonalDataFound,
  PersonalDataOperations,
  PersonalRecords,
  PortContext,
} from '../../platform/privacy-register.js';
import { makePrivateDirectory } from '../../platform/private-files.js';
import { buildAccessZip } from './access-archive.js';
import { accessArchiveDirectory, accessArchivePath } from './access-archive-files.js';
import { privacyErrors } from './privacy.errors.js';
import * as queries from './privacy.queries.js';
import { ACCESS_ARCHIVE_KEEP } from './privacy.register.js';
import { duplicateKinds } from './register-problems.js';
import { createSubjectHasher, normaliseEmail } from './subject-hash.js';

/** The person behind an address or a customer id, as the customers module knows them (wired by app.ts). */
export interface PeopleLookup {
  byEmail(email: string): Promise<{ id: string; email: string } | undefined>;
  byId(id: string): Promise<{ id: string; email: string } | undefined>;
  /** The addresses the customer had before their current one (rectified): their mails went there. */
  formerEmails(id: string): Promise<string[]>;
}

export interface PersonalDataDeps {
  database: Database;
  clock: Clock;
  registers: ModuleRegister[];
  dataDir: string;
  secretKey: string;
  /** The legal archive records the law keeps go to (LegalArchiveWriter of the archive module). */
  archive: LegalArchiveWriter;
  people: PeopleLookup;
  business: () => BusinessProfile;
  baseUrl: string;
  log: Pick<Logger, 'info' | 'error'>;
}

/** What every port found, and which ports failed (each named by its module). */
export interface PersonalDataInventory {
  found: (PersonalDataFound & { module: string })[];
  failed: { module: string; error: string }[];
}

/** The download paths of an access archive: French, and its /en/ mirror. */
export const accessArchivePaths = {
  fr: (token: string) => `/mes-donnees/${token}`,
  en: (token: string) => `/en/my-data/${token}`,
};
const rightsPaths = { fr: '/mes-droits', en: '/en/my-rights' };

const KIND = /^[a-z0-9-]+$/;
const DAY_MS = 24 * 60 * 60_000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * The engine's operations on one person (PersonalDataOperations), through the registers' ports
 * only: it never reads a module's tables. Every port runs on its own (a failing one is named
 * and the others go on); an erasure gives each port its own transaction, in the reverse order
 * of the registers (a module is erased before the modules it depends on).
 */
export function createPersonalData(deps: PersonalDataDeps) {
  const { database, clock, registers, dataDir, archive, people, log } = deps;
  const hash = createSubjectHasher(deps.secretKey);
  const withPorts = registers.filter((r) => r.personalData);
  const context = (db = database.db): PortContext => ({ db, now: clock.now(), dataDir, archive });

  function subjectOf(customer: { id: string; email: string } | undefined, ...emails: string[]): DataSubject {
    const all = [...emails, ...(customer ? [customer.email] : [])].map(normaliseEmail).filter((e) => e !== '');
    return { customerId: customer?.id ?? null, emails: [...new Set(all)] };
  }

  async function inventory(subject: DataSubject): Promise<PersonalDataInventory> {
    const result: PersonalDataInventory = { found: [], failed: [] };
    for (const register of withPorts) {
      try {
        const found = await register.personalData!.find(context(), subject);
        result.found.push(...found.map((f) => ({ ...f, module: register.module })));
      } catch (error) {
        result.failed.push({ module: register.module, error: messageOf(error) });
      }
    }
    if (result.failed.length > 0) log.error({ failed: result.failed }, 'personal data: some ports could not find the person’s data');
    return result;
  }

  /** Every port's records; a port that fails, or two ports returning one kind, make the export incomplete: refused. */
  async function exportAll(subject: DataSubject): Promise<(PersonalRecords & { module: string })[]> {
    const records: (PersonalRecords & { module: string })[] = [];
    const failed: { module: string; error: string }[] = [];
    for (const register of withPorts) {
      try {
        const own = await register.personalData!.export(context(), subject);
        for (const r of own) if (!KIND.test(r.kind)) throw new Error(`record kind "${r.kind}" is not file-name safe ([a-z0-9-])`);
        records.push(...own.map((r) => ({ ...r, module: register.module })));
      } catch (error) {
        failed.push({ module: register.module, error: messageOf(error) });
      }
    }
    for (const problem of duplicateKinds(records)) failed.push({ module: problem, error: problem });
    if (failed.length > 0) {
      log.error({ failed }, 'personal data: the access archive was refused, some ports failed');
      throw privacyErrors.ACCESS_ARCHIVE_INCOMPLETE({ modules: [...new Set(failed.map((f) => f.module))].join(', ') });
    }
    return records;
  }

  async function produceAccessArchive(subject: DataSubject, locale: Locale): Promise<{ path: string; expiresAt: Date }> {
    const records = await exportAll(subject);
    const now = clock.now();
    const zip = await buildAccessZip({
      subject,
      generatedAt: now,
      locale,
      records,
      activities: registers.flatMap((r) => r.activities),
      rules: registers.flatMap((r) => r.retention ?? []),
      business: deps.business(),
      rightsUrl: `${deps.baseUrl}${rightsPaths[locale]}`,
    });
    const id = newId();
    const token = randomBytes(32).toString('base64url');
    const file = `${id}.zip`;
    makePrivateDirectory(accessArchiveDirectory(dataDir));
    // 0600 in a 0700 folder under DATA_DIR: the server's user alone reads it, until the retention rule deletes it.
    const filePath = accessArchivePath(dataDir, file);
    writeFileSync(filePath, zip, { mode: 0o600, flag: 'wx' });
    const expiresAt = new Date(now.getTime() + (ACCESS_ARCHIVE_KEEP.days ?? 3) * DAY_MS);
    try {
      await queries.insertAccessArchive(database.db, {
        id,
        tokenHash: tokenHash(token),
        subjectHash: hash(subject.emails[0] ?? ''),
        file,
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
      });
    } catch (error) {
      // Without its row, no retention rule would ever find the file: a copy of the person's data left behind.
      rmSync(filePath, { force: true });
      throw error;
    }
    log.info({ archive: id, records: records.length }, 'personal data: access archive produced');
    return { path: accessArchivePaths[locale](token), expiresAt };
  }

  async function erase(subject: DataSubject): Promise<ErasureReport> {
    // The proof first (accountability, GDPR art. 5(2)): that this address was erased, as a keyed fingerprint, never the address.
    await queries.recordErased(database.db, subject.emails.map(hash), clock.now().toISOString());
    const report: ErasureReport = { lines: [], failed: [] };
    const inOrder = [...withPorts].reverse();
    // A failing port does not stop the others; but the modules through which the others find the
    // person wait until all of them succeeded, so that erasing again finds whatever was left.
    for (const register of [...inOrder.filter((r) => !r.identifiesPeople), ...inOrder.filter((r) => r.identifiesPeople)]) {
      if (register.identifiesPeople && report.failed.length > 0) {
        report.failed.push({ module: register.module, error: `postponed until ${report.failed[0]!.module} erases: run the erasure again once it is fixed` });
        continue;
      }
      try {
        const lines = await database.db.transaction().execute((trx) => register.personalData!.erase(context(trx), subject));
        report.lines.push(...lines.map((line) => ({ ...line, module: register.module })));
      } catch (error) {
        report.failed.push({ module: register.module, error: messageOf(error) });
      }
    }
    if (report.failed.length > 0) log.error({ failed: report.failed }, 'personal data: the erasure is incomplete');
    log.info({ customerId: subject.customerId, lines: report.lines.length, failed: report.failed.length }, 'personal data: erasure');
    return report;
  }

  const operations: PersonalDataOperations = {
    async subjectForEmail(email) {
      const customer = await people.byEmail(normaliseEmail(email));
      return subjectOf(customer, email, ...(customer ? await people.formerEmails(customer.id) : []));
    },
    async subjectForCustomer(customerId) {
      const customer = await people.byId(customerId);
      return customer ? subjectOf(customer, ...(await people.formerEmails(customer.id))) : undefined;
    },
    find: async (subject) => (await inventory(subject)).found,
    produceAccessArchive,
    erase,
  };

  return {
    ...operations,
    inventory,
    /**
     * Whether this address belongs to a person who was erased (the proof kept by `erase`). What
     * keeps them from coming back is the ports deleting what a replay, a session or a job would
     * need (erasure-comeback.db.test.ts); this answers « was this person erased, and when? ».
     */
    async wasErased(email: string): Promise<boolean> {
      return (await queries.selectErased(database.db, [hash(email)])).length > 0;
    },
    /** The zip behind a download token: its file, or why not (unknown, or expired and deleted or about to be). */
    async archiveForToken(token: string): Promise<{ file: string } | 'unknown' | 'expired'> {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return 'unknown';
      const row = await queries.selectArchiveByToken(database.db, tokenHash(token));
      if (!row) return 'unknown';
      const file = accessArchivePath(dataDir, row.file);
      if (Date.parse(row.expiresAt) <= clock.now().getTime() || !existsSync(file)) return 'expired';
      return { file };
    },
  };
}

export type PersonalData = ReturnType<typeof createPersonalData>;


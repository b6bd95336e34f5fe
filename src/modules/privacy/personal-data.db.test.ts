import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { sql, type Kysely } from 'kysely';
import { unzip } from '../../../test/support/zip.js';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { TEST_NOW, TEST_SECRET } from '../../../test/support/app.js';
import { defaultBusinessProfile } from '../../platform/business.js';
import { ManualClock } from '../../platform/clock.js';
import type { ArchiveEntry, LegalArchiveWriter, ModuleRegister, PortContext } from '../../platform/privacy-register.js';
import { accessArchiveDirectory } from './access-archive-files.js';
import { createPersonalData, type PersonalData } from './personal-data.js';
import { privacyRegister, privacyRegisterFor } from './privacy.register.js';
import { runRetentionRules } from './retention.js';

const text = (fr: string, en = fr) => ({ fr, en });
/** An archive that refuses every record: what a port that must archive does then (it rolls back). */
const refusingLegalArchive: LegalArchiveWriter = { put: () => Promise.reject(new Error('the legal archive refused the record')) };
const silent = { info: () => undefined, error: () => undefined };
const any = (db: unknown) => db as Kysely<any>;


/**
 * A fixture module: people's notes in a small real table, and a text file per person under
 * DATA_DIR/fixture-notes. Its port and its rule act on them through the context they are given.
 */
function notesRegister(calls: string[]): ModuleRegister {
  const fileOf = (ctx: PortContext, email: string) => path.join(ctx.dataDir, 'fixture-notes', `${email}.txt`);
  return {
    module: 'notes',
    activities: [
      {
        id: 'fixture-notes',
        name: text('Notes de suivi', 'Follow-up notes'),
        purpose: text('Suivre vos demandes.', 'Following up your requests.'),
        legalBasis: 'legitimate_interest',
        dataSubjects: text('les clients', 'customers'),
        dataCategories: [text('notes')],
        recipients: [{ ...text('notre hébergeur', 'our host'), country: text('France') }],
      },
    ],
    tables: [{ table: 'fixture_notes', personal: { email: ['fixture-notes'], body: ['fixture-notes'] }, nonPersonal: ['id', 'written_at'] }],
    stores: [{ id: 'notes.files', description: text('fichiers'), location: 'fixture-notes/*.txt', activities: ['fixture-notes'] }],
    retention: [
      {
        id: 'notes.old',
        activity: 'fixture-notes',
        records: text('vos notes', 'your notes'),
        keep: { months: 1 },
        from: text('leur écriture', 'they are written'),
        then: 'delete',
        async apply(ctx, cutoff, { dryRun }) {
          const old = any(ctx.db).selectFrom('fixture_notes').where('written_at', '<', cutoff.toISOString());
          const { n } = await old.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
          if (!dryRun) await any(ctx.db).deleteFrom('fixture_notes').where('written_at', '<', cutoff.toISOString()).execute();
          return Number(n);
        },
      },
    ],
    personalData: {
      async find(ctx, subject) {
        const { n } = await any(ctx.db).selectFrom('fixture_notes').where('email', 'in', subject.emails).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        return [{ kind: 'notes', label: text('notes de suivi', 'follow-up notes'), count: Number(n) }];
      },
      async export(ctx, subject) {
        const rows = await any(ctx.db).selectFrom('fixture_notes').select(['id', 'email', 'body', 'written_at']).where('email', 'in', subject.emails).orderBy('id').execute();
        const files = subject.emails.filter((e) => existsSync(fileOf(ctx, e))).map((e) => ({ name: `${e}.txt`, content: readFileSync(fileOf(ctx, e)) }));
        return [{ kind: 'notes', label: text('notes de suivi', 'follow-up notes'), activities: ['fixture-notes'], rows, files }];
      },
      async erase(ctx, subject) {
        calls.push('notes');
        const result = await any(ctx.db).deleteFrom('fixture_notes').where('email', 'in', subject.emails).executeTakeFirst();
        for (const e of subject.emails) rmSync(fileOf(ctx, e), { force: true });
        return [{ kind: 'notes', label: text('notes de suivi', 'follow-up notes'), action: 'deleted', count: Number(result.numDeletedRows) }];
      },
    },
  };
}

/** A module whose records the law keeps: it archives them through ctx.archive, then deletes them, in its transaction. */
function ledgerRegister(calls: string[]): ModuleRegister {
  return {
    module: 'ledger',
    activities: [],
    tables: [],
    personalData: {
      find: async () => [],
      export: async () => [],
      async erase(ctx, subject) {
        calls.push('ledger');
        const rows = await any(ctx.db).selectFrom('fixture_notes').select(['id', 'body']).where('email', 'in', subject.emails).where('body', 'like', 'invoice%').execute();
        // Deleted first, archived after: when the archive refuses, the transaction must bring the rows back.
        await any(ctx.db).deleteFrom('fixture_notes').where('id', 'in', rows.length ? rows.map((r) => r.id) : ['-']).execute();
        for (const row of rows) {
          await ctx.archive.put({ kind: 'invoice', recordId: row.id, customerId: subject.customerId, record: row, ground: text('Code de commerce, art. L123-22'), keepUntil: '2036-12-31' });
        }
        return rows.length ? [{ kind: 'invoices', label: text('factures', 'invoices'), action: 'archived', count: rows.length, ground: text('Code de commerce, art. L123-22'), until: '2036-12-31' }] : [];
      },
    },
  };
}

/** A module whose port and rule always fail: the others must go on, and it must be named. */
const brokenRegister: ModuleRegister = {
  module: 'broken',
  activities: [],
  tables: [],
  retention: [{ id: 'broken.rule', activity: 'fixture-notes', records: text('x'), keep: { days: 1 }, from: text('x'), then: 'anonymise', apply: () => Promise.reject(new Error('rule exploded')) }],
  personalData: {
    find: () => Promise.reject(new Error('find exploded')),
    export: () => Promise.reject(new Error('export exploded')),
    erase: () => Promise.reject(new Error('erase exploded')),
  },
};

class MemoryArchive implements LegalArchiveWriter {
  entries: ArchiveEntry[] = [];
  async put(entry: ArchiveEntry) {
    this.entries.push(entry);
  }
}

describeEachDialect('privacy engine through the register ports', (dialect) => {
  let t: TestDatabase;
  let clock: ManualClock;
  let calls: string[];
  let archive: MemoryArchive;
  const engine = (registers: ModuleRegister[], writer: LegalArchiveWriter = archive): PersonalData =>
    createPersonalData({
      database: t.database,
      clock,
      registers,
      dataDir: t.dataDir,
      secretKey: TEST_SECRET,
      archive: writer,
      people: {
        byEmail: async (email) => (email === 'anne@example.fr' ? { id: 'c-anne', email: 'Anne@Example.fr' } : undefined),
        byId: async (id) => (id === 'c-anne' ? { id, email: 'Anne@Example.fr' } : undefined),
        formerEmails: async () => [],
      },
      business: () => defaultBusinessProfile,
      baseUrl: 'https://example.fr',
      log: silent,
    });
  const privacy = () => privacyRegisterFor(privacyRegister, TEST_SECRET);

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await sql`create table fixture_notes (id text primary key, email text not null, body text not null, written_at text not null)`.execute(t.database.db);
  });
  afterAll(() => t?.drop());
  beforeEach(async () => {
    clock = new ManualClock(TEST_NOW);
    calls = [];
    archive = new MemoryArchive();
    await any(t.database.db).deleteFrom('fixture_notes').execute();
    await t.database.db.deleteFrom('privacy_erased_subjects').execute();
    await any(t.database.db)
      .insertInto('fixture_notes')
      .values([
        { id: 'n1', email: 'anne@example.fr', body: 'Rappeler mardi', written_at: '2026-11-20T10:00:00.000Z' },
        { id: 'n2', email: 'anne@example.fr', body: 'invoice F-1', written_at: '2026-10-20T10:00:00.000Z' },
        { id: 'n3', email: 'paul@example.fr', body: '=HYPERLINK("x")', written_at: '2026-10-01T10:00:00.000Z' },
      ])
      .execute();
    mkdirSync(path.join(t.dataDir, 'fixture-notes'), { recursive: true });
    writeFileSync(path.join(t.dataDir, 'fixture-notes', 'anne@example.fr.txt'), 'Bonjour Anne');
  });

  it('finds the person by address or customer id, and names a failing port without stopping the others', async () => {
    const e = engine([notesRegister(calls), brokenRegister, privacy()]);
    const subject = await e.subjectForEmail('  ANNE@example.fr ');
    expect(subject).toEqual({ customerId: 'c-anne', emails: ['anne@example.fr'] });
    expect(await e.subjectForCustomer('c-anne')).toEqual(subject);
    expect(await e.subjectForCustomer('nobody')).toBeUndefined();
    expect(await e.subjectForEmail('stranger@example.fr')).toEqual({ customerId: null, emails: ['stranger@example.fr'] });

    const inventory = await e.inventory(subject);
    expect(inventory.found).toEqual([{ module: 'notes', kind: 'notes', label: text('notes de suivi', 'follow-up notes'), count: 2 }]);
    expect(inventory.failed).toEqual([{ module: 'broken', error: 'find exploded' }]);
    expect(await e.find(subject)).toEqual(inventory.found);
  });

  it('postpones the modules that identify people while another port fails, so that erasing again finds what was left', async () => {
    const anchor = { ...notesRegister(calls), identifiesPeople: true as const };
    const failing = engine([anchor, ledgerRegister(calls), brokenRegister, privacy()]);
    const subject = await failing.subjectForEmail('anne@example.fr');
    const report = await failing.erase(subject);
    expect(calls).toEqual(['ledger']);
    expect(report.failed).toEqual([
      { module: 'broken', error: 'erase exploded' },
      { module: 'notes', error: 'postponed until broken erases: run the erasure again once it is fixed' },
    ]);
    expect(await any(t.database.db).selectFrom('fixture_notes').select('id').where('email', '=', 'anne@example.fr').execute()).not.toEqual([]);

    // Fixed: the second erasure finds the person through the notes and finishes.
    const fixed = engine([anchor, ledgerRegister(calls), privacy()]);
    const again = await fixed.erase(await fixed.subjectForEmail('anne@example.fr'));
    expect(again.failed).toEqual([]);
    expect(again.lines).toContainEqual(expect.objectContaining({ module: 'notes', kind: 'notes', action: 'deleted', count: 1 }));
  });

  it('erases in reverse order of the registers, one transaction per port, archives what the law keeps, and remembers the person', async () => {
    const e = engine([notesRegister(calls), ledgerRegister(calls), brokenRegister, privacy()]);
    const subject = await e.subjectForEmail('anne@example.fr');
    expect(await e.wasErased('Anne@Example.fr ')).toBe(false);

    const report = await e.erase(subject);
    // ledger is after notes in the list: it runs first and archives the invoice before notes deletes the rest.
    expect(calls).toEqual(['ledger', 'notes']);
    expect(report.failed).toEqual([{ module: 'broken', error: 'erase exploded' }]);
    expect(report.lines).toEqual([
      expect.objectContaining({ module: 'privacy', kind: 'privacy-erasure-records', action: 'kept', count: 1, until: '2029-11-26' }),
      expect.objectContaining({ module: 'ledger', kind: 'invoices', action: 'archived', count: 1, until: '2036-12-31' }),
      expect.objectContaining({ module: 'notes', kind: 'notes', action: 'deleted', count: 1 }),
    ]);
    expect(archive.entries.map((a) => a.recordId)).toEqual(['n2']);
    expect(await any(t.database.db).selectFrom('fixture_notes').select('id').execute()).toEqual([{ id: 'n3' }]);
    expect(existsSync(path.join(t.dataDir, 'fixture-notes', 'anne@example.fr.txt'))).toBe(false);

    // The guard: a keyed hash, never the address; the other person is not concerned.
    expect(await e.wasErased('ANNE@example.fr')).toBe(true);
    expect(await e.wasErased('paul@example.fr')).toBe(false);
    const stored = await t.database.db.selectFrom('privacy_erased_subjects').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.email_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain('anne');

    // Idempotent: a second erasure reports nothing left but the guard.
    calls.length = 0;
    const again = await e.erase(subject);
    expect(again.lines.filter((l) => l.action !== 'kept' && l.count > 0)).toEqual([]);
  });

  it('keeps a record the law keeps where it is when the legal archive refuses it (the port’s transaction rolls back)', async () => {
    const e = engine([notesRegister(calls), ledgerRegister(calls), privacy()], refusingLegalArchive);
    const report = await e.erase(await e.subjectForEmail('anne@example.fr'));
    expect(report.failed).toEqual([{ module: 'ledger', error: expect.stringContaining('the legal archive refused the record') }]);
    // ledger's delete was rolled back: its invoice is still there, though notes erased what was its own.
    expect(await any(t.database.db).selectFrom('fixture_notes').select('id').orderBy('id').execute()).toEqual([{ id: 'n3' }]);
  });

  it('produces the access zip: data.json valid against its schema, one CSV per kind, the files, a summary in the person’s language, kept 0600', async () => {
    const e = engine([notesRegister(calls), privacy()]);
    const subject = await e.subjectForEmail('anne@example.fr');
    const { path: link, expiresAt } = await e.produceAccessArchive(subject, 'fr');
    expect(link).toMatch(/^\/mes-donnees\/[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.toISOString()).toBe('2026-11-29T07:00:00.000Z');
    const found = await e.archiveForToken(link.split('/').pop()!);
    if (typeof found === 'string') throw new Error(found);
    expect(statSync(found.file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(found.file)).mode & 0o777).toBe(0o700);

    const files = await unzip(readFileSync(found.file));
    expect([...files.keys()].sort()).toEqual(['data.json', 'files/notes/anne@example.fr.txt', 'notes.csv', 'resume.txt']);
    const data = JSON.parse(files.get('data.json')!.toString('utf8'));
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(path.resolve('docs/personal-data.schema.json'), 'utf8')));
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    expect(data).toMatchObject({ schema: 'wservices.personal-data/1', generatedAt: TEST_NOW, subject, records: { notes: [{ id: 'n1' }, { id: 'n2' }] } });
    expect(validate({ ...data, schema: 'wservices.personal-data/2' })).toBe(false);

    expect(files.get('notes.csv')!.toString('utf8')).toBe('\ufeffid;email;body;written_at\r\nn1;anne@example.fr;Rappeler mardi;2026-11-20T10:00:00.000Z\r\nn2;anne@example.fr;invoice F-1;2026-10-20T10:00:00.000Z\r\n');
    expect(files.get('files/notes/anne@example.fr.txt')!.toString('utf8')).toBe('Bonjour Anne');
    const summary = files.get('resume.txt')!.toString('utf8');
    for (const expected of ['Notes de suivi', 'Finalité\u00a0: Suivre vos demandes.', 'intérêt légitime', 'notre hébergeur (France)', 'Vos notes\u00a0: 1\u00a0mois après leur écriture, puis suppression.', 'https://example.fr/mes-droits', 'CNIL', 'Source des données']) {
      expect(summary).toContain(expected);
    }

    // English, for a person who asked in English.
    const en = await e.produceAccessArchive(subject, 'en');
    expect(en.path).toMatch(/^\/en\/my-data\//);
    const enFound = await e.archiveForToken(en.path.split('/').pop()!);
    const enFiles = await unzip(readFileSync((enFound as { file: string }).file));
    expect(enFiles.get('summary.txt')!.toString('utf8')).toContain('Purpose: Following up your requests.');
    expect(enFiles.get('summary.txt')!.toString('utf8')).toContain('https://example.fr/en/my-rights');

    // The link ends after 3 days; the retention rule then deletes file and row.
    clock.set('2026-11-29T07:00:00.000Z');
    expect(await e.archiveForToken(link.split('/').pop()!)).toBe('expired');
    expect(await e.archiveForToken('not-a-token')).toBe('unknown');
    const run = await runRetentionRules({ database: t.database, registers: [privacy()], now: new Date('2026-11-29T07:00:01.000Z'), dataDir: t.dataDir, archive, dryRun: false });
    expect(run.rules.find((r) => r.rule === 'privacy.access-archives')).toMatchObject({ count: 2, action: 'delete' });
    expect(existsSync(found.file)).toBe(false);
  });

  it('leaves no zip behind when its row cannot be written', async () => {
    const e = engine([notesRegister(calls), privacy()]);
    const subject = await e.subjectForEmail('anne@example.fr');
    const directory = accessArchiveDirectory(t.dataDir);
    const before = existsSync(directory) ? readdirSync(directory) : [];
    // A real failure of the insert: the table is briefly not there.
    await sql`alter table privacy_access_archives rename to privacy_access_archives_away`.execute(t.database.db);
    try {
      await expect(e.produceAccessArchive(subject, 'fr')).rejects.toThrow();
    } finally {
      await sql`alter table privacy_access_archives_away rename to privacy_access_archives`.execute(t.database.db);
    }
    expect(readdirSync(directory).sort()).toEqual([...before].sort());
  });

  it('refuses an incomplete access archive, naming the module that failed', async () => {
    const e = engine([notesRegister(calls), brokenRegister, privacy()]);
    await expect(e.produceAccessArchive(await e.subjectForEmail('anne@example.fr'), 'fr')).rejects.toMatchObject({ code: 'ACCESS_ARCHIVE_INCOMPLETE', messages: { en: expect.stringContaining('(broken)') } });
  });

  it('runs the retention rules on both sides of each limit, each in its own transaction; a dry run only counts; a failing rule is reported', async () => {
    const registers = [notesRegister(calls), brokenRegister];
    const now = new Date('2026-11-20T10:00:00.000Z');
    // One month before is 20 October 10:00: n2 (written exactly then) stays, n3 (1 October) goes.
    const dry = await runRetentionRules({ database: t.database, registers, now, dataDir: t.dataDir, archive, dryRun: true });
    expect(dry.rules).toEqual([
      { rule: 'notes.old', module: 'notes', action: 'delete', count: 1 },
      { rule: 'broken.rule', module: 'broken', action: 'anonymise', count: 0, error: 'rule exploded' },
    ]);
    expect(await any(t.database.db).selectFrom('fixture_notes').select('id').orderBy('id').execute()).toHaveLength(3);

    const run = await runRetentionRules({ database: t.database, registers, now, dataDir: t.dataDir, archive });
    expect(run.rules[0]).toEqual({ rule: 'notes.old', module: 'notes', action: 'delete', count: 1 });
    expect(run.failed).toEqual([{ module: 'broken', rule: 'broken.rule', error: 'rule exploded' }]);
    expect(await any(t.database.db).selectFrom('fixture_notes').select('id').orderBy('id').execute()).toEqual([{ id: 'n1' }, { id: 'n2' }]);
    // A millisecond past its limit, n2 goes too.
    const later = await runRetentionRules({ database: t.database, registers, now: new Date('2026-11-20T10:00:00.001Z'), dataDir: t.dataDir, archive });
    expect(later.rules[0]!.count).toBe(1);
    expect(await any(t.database.db).selectFrom('fixture_notes').select('id').execute()).toEqual([{ id: 'n1' }]);
  });

  it('still calls the old sweep of a module without rules (not in a dry run), and reports it when it fails', async () => {
    const swept: Date[] = [];
    const legacy: ModuleRegister = { module: 'legacy', activities: [], tables: [], sweep: async (_db, now) => (swept.push(now), [{ activity: 'legacy', deleted: 2, anonymised: 0 }]) };
    const failing: ModuleRegister = { module: 'failing', activities: [], tables: [], sweep: () => Promise.reject(new Error('sweep exploded')) };
    const now = new Date(TEST_NOW);
    expect((await runRetentionRules({ database: t.database, registers: [legacy], now, dataDir: t.dataDir, archive, dryRun: true })).sweeps).toEqual([]);
    const run = await runRetentionRules({ database: t.database, registers: [legacy, failing], now, dataDir: t.dataDir, archive });
    expect(run.sweeps).toEqual([{ module: 'legacy', activity: 'legacy', deleted: 2, anonymised: 0 }]);
    expect(run.failed).toEqual([{ module: 'failing', error: 'sweep exploded' }]);
    expect(swept).toEqual([now]);
  });
});

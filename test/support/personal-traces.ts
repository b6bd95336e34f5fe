import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import type { ModuleRegister } from '../../src/platform/privacy-register.js';

/**
 * Where a person still shows, checked against the register: every column a module declares as
 * personal, table by table, searched for the person's markers (an e-mail address, a surname, a
 * phone number chosen to be unique in the test). Used after an erasure: the answer must be empty.
 */
export async function tracesInDatabase(db: Kysely<DB>, registers: ModuleRegister[], markers: string[]): Promise<string[]> {
  const needles = markers.map((m) => m.toLowerCase());
  const found: string[] = [];
  for (const declaration of registers.flatMap((r) => r.tables)) {
    const columns = Object.keys(declaration.personal);
    if (columns.length === 0) continue;
    const rows = await sql<Record<string, unknown>>`select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(declaration.table)}`.execute(db);
    for (const row of rows.rows) {
      for (const column of columns) {
        const value = row[column];
        if (value === null || value === undefined) continue;
        const text = (Buffer.isBuffer(value) ? value.toString('latin1') : typeof value === 'object' ? JSON.stringify(value) : String(value)).toLowerCase();
        for (const needle of needles) if (text.includes(needle)) found.push(`${declaration.table}.${column} holds « ${needle} »`);
      }
    }
  }
  return [...new Set(found)];
}

/** Every file under `directory` (the data directory) whose bytes hold one of the markers, except those `skip` names. */
export function tracesInFiles(directory: string, markers: string[], skip: (file: string) => boolean = () => false): string[] {
  const found: string[] = [];
  const needles = markers.map((m) => Buffer.from(m, 'utf8'));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (!skip(file)) {
        const bytes = readFileSync(file);
        for (const needle of needles) if (bytes.includes(needle)) found.push(`${path.relative(directory, file)} holds « ${needle.toString('utf8')} »`);
      }
    }
  };
  walk(directory);
  return [...new Set(found)];
}

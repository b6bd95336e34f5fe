import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { resolveSecretKey } from '../src/platform/secret.js';

const mode = (file: string) => statSync(file).mode & 0o777;

describe('files holding customers’ data', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'wservices-modes-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates DATA_DIR 0700 and the SQLite database with its -wal and -shm files 0600', async () => {
    const dataDir = path.join(root, 'sqlite', 'data');
    const database = openDatabase({ databaseUrl: undefined, dataDir });
    try {
      await sql`create table t (x integer)`.execute(database.db);
      await sql`insert into t values (1)`.execute(database.db);
      await sql`select * from t`.execute(database.db);
      const file = path.join(dataDir, 'wservices.sqlite');
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
      expect(mode(`${file}-shm`)).toBe(0o600);
    } finally {
      await database.close();
    }
  });

  it('makes a database file left readable by everyone private when it opens it', async () => {
    const dataDir = path.join(root, 'existing');
    const first = openDatabase({ databaseUrl: undefined, dataDir });
    await sql`create table t (x integer)`.execute(first.db);
    await first.close();
    const file = path.join(dataDir, 'wservices.sqlite');
    chmodSync(file, 0o644);
    const again = openDatabase({ databaseUrl: undefined, dataDir });
    try {
      await sql`insert into t values (1)`.execute(again.db);
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
    } finally {
      await again.close();
    }
  });

  it('stores a generated secret key 0600 in a DATA_DIR it creates 0700', () => {
    const dataDir = path.join(root, 'key', 'data');
    resolveSecretKey({ secretKey: undefined, dataDir }, () => undefined);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(path.join(dataDir, 'secret-key'))).toBe(0o600);
  });
});

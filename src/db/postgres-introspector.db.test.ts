import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresUrl, type TestDatabase } from '../../test/support/databases.js';

describe('PostgreSQL introspection [postgres]', () => {
  let t: TestDatabase;
  const other = `intro_${Date.now().toString(36)}`;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`create schema ${other}; create table ${other}.intruder (id serial primary key, name text)`);
    await client.end();
  });
  afterAll(async () => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`drop schema if exists ${other} cascade`);
    await client.end();
    await t?.drop();
  });

  it("lists the current schema's tables and columns only, never another schema's", async () => {
    const tables = await t.database.db.introspection.getTables();
    expect(tables.length).toBeGreaterThan(10);
    expect(new Set(tables.map((table) => table.schema))).toEqual(new Set([t.postgresSchema]));
    expect(tables.map((table) => table.name)).not.toContain('intruder');
    // Kysely's bookkeeping is left out unless asked for, as Kysely's own introspector does.
    expect(tables.map((table) => table.name)).not.toContain('kysely_migration');
    const withInternal = await t.database.db.introspection.getTables({ withInternalKyselyTables: true });
    expect(withInternal.map((table) => table.name)).toContain('kysely_migration');
    const bookings = tables.find((table) => table.name === 'bookings');
    const id = bookings?.columns.find((column) => column.name === 'id');
    expect(id).toMatchObject({ dataType: 'text', isNullable: false, isAutoIncrementing: false });
    expect(bookings?.columns.find((column) => column.name === 'cancelled_at')).toMatchObject({ isNullable: true });
  });

  it('names the current schema as the only one', async () => {
    expect(await t.database.db.introspection.getSchemas()).toEqual([{ name: t.postgresSchema }]);
  });
});

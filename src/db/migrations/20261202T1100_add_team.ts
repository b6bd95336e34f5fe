import { sql, type Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

/**
 * The team: accounts get the role owner or staff (checked by the database), an optional second
 * factor (TOTP, its secret encrypted under SECRET_KEY, its recovery codes hashed), and the
 * one-time links that invite a member, reset a forgotten password, or finish a login with a code.
 * Every token is kept only as its SHA-256.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  const roleCheck = (column: string) => sql.raw(`${column} in ('owner', 'staff')`);

  if (dialect === 'postgres') {
    await sql`alter table admin_users add constraint admin_users_role_check check (role in ('owner', 'staff'))`.execute(db);
  } else {
    // SQLite adds no constraint to an existing column: a checked column takes its place, under the same name.
    await db.schema
      .alterTable('admin_users')
      .addColumn('role_checked', 'text', (c) => c.notNull().defaultTo('staff').check(roleCheck('role_checked')))
      .execute();
    await sql`update admin_users set role_checked = role`.execute(db);
    await db.schema.alterTable('admin_users').dropColumn('role').execute();
    await db.schema.alterTable('admin_users').renameColumn('role_checked', 'role').execute();
  }

  await db.schema.alterTable('admin_users').addColumn('totp_secret', 'text').execute();
  await db.schema.alterTable('admin_users').addColumn('totp_enabled_at', instant).execute();
  // The last time step whose code opened a session: a code of that step or an earlier one is refused (RFC 6238 §5.2).
  await db.schema.alterTable('admin_users').addColumn('totp_last_step', 'integer').execute();
  // Wrong codes in a row, across logins, and until when code entry is locked after too many.
  await db.schema.alterTable('admin_users').addColumn('code_failures', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('admin_users').addColumn('code_locked_until', instant).execute();

  await db.schema
    .createTable('admin_recovery_codes')
    .addColumn('admin_id', 'text', (c) => c.notNull().references('admin_users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('admin_recovery_codes_pk', ['admin_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('admin_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(roleCheck('role')))
    .addColumn('invited_by', 'text', (c) => c.notNull().references('admin_users.id').onDelete('cascade'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admin_invitations_by_email').on('admin_invitations').column('email').execute();

  await db.schema
    .createTable('admin_password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('admin_id', 'text', (c) => c.notNull().references('admin_users.id').onDelete('cascade'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admin_password_resets_by_admin').on('admin_password_resets').column('admin_id').execute();

  await db.schema
    .createTable('admin_login_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('admin_id', 'text', (c) => c.notNull().references('admin_users.id').onDelete('cascade'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admin_login_challenges_by_admin').on('admin_login_challenges').column('admin_id').execute();
}

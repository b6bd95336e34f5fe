import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/** A message holding a one-time link (sign-in, password reset, invitation) has its body erased once sent. */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('outbox_messages').addColumn('erase_after_sending', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

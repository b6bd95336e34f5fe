import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/** A message may name where replies go (the customer, on the owner's notices); older messages reply to From. */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('outbox_messages').addColumn('reply_to', 'text').execute();
}

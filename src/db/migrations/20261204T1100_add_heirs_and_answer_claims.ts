import type { Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

/**
 * Rights requests: the address of a deceased person an heir writes about (so that the owner sees
 * the directives that person left), and the answer step under way (so that a double click on
 * « Effacer » or « Envoyer ses données » erases or mails once).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  await db.schema.alterTable('privacy_requests').addColumn('deceased_email', 'text').execute();
  await db.schema.alterTable('privacy_requests').addColumn('answer_step', 'text').execute();
  await db.schema.alterTable('privacy_requests').addColumn('answer_step_at', instant).execute();
  // The owner's page looks up directives left by the deceased person's address.
  await db.schema.createIndex('privacy_requests_by_deceased_email').on('privacy_requests').column('deceased_email').execute();
}

import { registers } from '../../src/app.js';
import { cutoffBefore, type LegalArchiveWriter, type PortContext, type RetentionRule } from '../../src/platform/privacy-register.js';
import type { TestApp } from './app.js';

/** No rule of these modules archives: a test that reaches the archive fails loudly. */
const noArchive: LegalArchiveWriter = { put: () => Promise.reject(new Error('no archive in this test')) };

/** What a port or a rule is given, on the test app's root handle (or a transaction). */
export function portContext(t: TestApp, now: Date = t.clock.now(), db: PortContext['db'] = t.db.database.db): PortContext {
  return { db, now, dataDir: t.config.dataDir, archive: noArchive };
}

export function retentionRule(id: string): RetentionRule {
  const rule = registers.flatMap((r) => r.retention ?? []).find((r) => r.id === id);
  if (!rule) throw new Error(`no retention rule "${id}"`);
  return rule;
}

/** Runs one rule as the retention engine does: its cutoff is `now` minus its period. */
export function applyRule(t: TestApp, id: string, now: Date, options: { dryRun: boolean }): Promise<number> {
  const rule = retentionRule(id);
  return rule.apply(portContext(t, now), cutoffBefore(now, rule.keep), options);
}

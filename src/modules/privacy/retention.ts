import type { Database } from '../../db/database.js';
import { cutoffBefore, type LegalArchiveWriter, type ModuleRegister, type RetentionEnd, type RetentionReport } from '../../platform/privacy-register.js';

export interface RetentionRuleOutcome {
  rule: string;
  module: string;
  action: RetentionEnd;
  /** Records acted on (or, in a dry run, that would be). */
  count: number;
  /** Set when the rule failed: nothing it did is kept (its transaction rolled back). */
  error?: string;
}

export interface RetentionRun {
  dryRun: boolean;
  rules: RetentionRuleOutcome[];
  /** The old sweeps of modules that have no rules yet (skipped in a dry run: they cannot only count). */
  sweeps: (RetentionReport & { module: string })[];
  failed: { module: string; rule?: string; error: string }[];
}

export interface RetentionRunOptions {
  database: Database;
  registers: ModuleRegister[];
  now: Date;
  dataDir: string;
  archive: LegalArchiveWriter;
  dryRun?: boolean;
}

/** Thrown inside a dry run's transaction so that it rolls back whatever a rule may have written. */
class DryRunRollback extends Error {
  constructor(readonly count: number) {
    super('dry run');
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs every retention rule of the register once: the cutoff is `now` minus the rule's period on
 * the calendar; each rule runs in its own transaction, so that a failing rule changes nothing and
 * does not stop the others (it is reported). A dry run only counts, and rolls back even so.
 * Modules that declare no rules yet keep their old sweep, called after the rules (not in a dry run).
 */
export async function runRetentionRules({ database, registers, now, dataDir, archive, dryRun = false }: RetentionRunOptions): Promise<RetentionRun> {
  const run: RetentionRun = { dryRun, rules: [], sweeps: [], failed: [] };
  for (const register of registers) {
    for (const rule of register.retention ?? []) {
      const cutoff = cutoffBefore(now, rule.keep);
      try {
        const count = await database.db.transaction().execute(async (trx) => {
          const acted = await rule.apply({ db: trx, now, dataDir, archive }, cutoff, { dryRun });
          if (dryRun) throw new DryRunRollback(acted);
          return acted;
        });
        run.rules.push({ rule: rule.id, module: register.module, action: rule.then, count });
      } catch (error) {
        if (error instanceof DryRunRollback) {
          run.rules.push({ rule: rule.id, module: register.module, action: rule.then, count: error.count });
          continue;
        }
        run.rules.push({ rule: rule.id, module: register.module, action: rule.then, count: 0, error: messageOf(error) });
        run.failed.push({ module: register.module, rule: rule.id, error: messageOf(error) });
      }
    }
  }
  if (dryRun) return run;
  for (const register of registers) {
    if (!register.sweep || (register.retention?.length ?? 0) > 0) continue;
    try {
      run.sweeps.push(...(await register.sweep(database.db, now)).map((report) => ({ ...report, module: register.module })));
    } catch (error) {
      run.failed.push({ module: register.module, error: messageOf(error) });
    }
  }
  return run;
}

/** The run as `wservices retention run` prints it: one line per rule (and old sweep), failures on their own lines. */
export function retentionRunLines(run: RetentionRun): { out: string[]; err: string[] } {
  const verb = (action: RetentionEnd) => (run.dryRun ? `would ${action === 'anonymise' ? 'anonymise' : action}` : action === 'delete' ? 'deleted' : action === 'anonymise' ? 'anonymised' : 'archived');
  const width = Math.max(0, ...run.rules.map((r) => r.rule.length));
  const out = run.rules.filter((r) => !r.error).map((r) => `${r.rule.padEnd(width)}  ${verb(r.action)}  ${r.count}`);
  for (const sweep of run.sweeps) out.push(`${sweep.module} (sweep, ${sweep.activity})  deleted ${sweep.deleted}, anonymised ${sweep.anonymised}`);
  if (run.dryRun && run.rules.length === 0) out.push('No retention rule is declared.');
  const err = run.failed.map((f) => (f.rule ? `${f.rule}  FAILED: ${f.error}` : `${f.module} (sweep)  FAILED: ${f.error}`));
  return { out, err };
}

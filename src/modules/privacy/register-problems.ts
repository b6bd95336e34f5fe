import type { ModuleRegister } from '../../platform/privacy-register.js';

/**
 * What keeps the register from being honoured, one sentence per problem (empty: none). Pure: the
 * register test asserts it on the real registers, and a module added later is checked the same way.
 *  - personal data (a personal column or an external store) without a port to find, export and erase it;
 *  - an activity with neither retention rules nor a retention sentence (the policy could not say how long);
 *  - a rule, a store or a column naming an activity that does not exist;
 *  - two rules, two activities or two stores with the same id.
 * Record kinds are declared by the ports at run time; the engine refuses duplicates there (duplicateKinds).
 */
export function registerProblems(registers: ModuleRegister[]): string[] {
  const problems: string[] = [];
  const activityIds = new Map<string, string>();
  for (const register of registers) {
    for (const activity of register.activities) {
      const other = activityIds.get(activity.id);
      if (other !== undefined) problems.push(`activity "${activity.id}" is declared by both ${other} and ${register.module}`);
      activityIds.set(activity.id, register.module);
      // The art. 30 record is the controller's document: a purpose addressed to the person needs its third-person `record`.
      const recorded = activity.record ?? activity.purpose;
      if (/(?<![-\w])(vous|votre|vos)\b/i.test(recorded.fr) || /\b(you|your)\b/i.test(recorded.en)) problems.push(`${register.module}: activity "${activity.id}" speaks to the person; give it a third-person \`record\` for the record of processing activities`);
    }
  }
  const allRules = registers.flatMap((r) => (r.retention ?? []).map((rule) => ({ rule, module: r.module })));
  const ruleIds = new Map<string, string>();
  for (const { rule, module } of allRules) {
    const other = ruleIds.get(rule.id);
    if (other !== undefined) problems.push(`retention rule "${rule.id}" is declared twice (${other}, ${module})`);
    ruleIds.set(rule.id, module);
    if (!activityIds.has(rule.activity)) problems.push(`${module}: retention rule "${rule.id}" names unknown activity "${rule.activity}"`);
    if (rule.then === 'archive' && !rule.archive) problems.push(`${module}: retention rule "${rule.id}" archives but says neither on which ground nor for how long`);
  }
  const storeIds = new Map<string, string>();
  for (const register of registers) {
    for (const store of register.stores ?? []) {
      const other = storeIds.get(store.id);
      if (other !== undefined) problems.push(`store "${store.id}" is declared twice (${other}, ${register.module})`);
      storeIds.set(store.id, register.module);
    }
  }
  for (const register of registers) {
    const personalColumns = register.tables.flatMap((t) => Object.keys(t.personal).map((c) => `${t.table}.${c}`));
    const stores = register.stores ?? [];
    if ((personalColumns.length > 0 || stores.length > 0) && !register.personalData) {
      const what = [...personalColumns, ...stores.map((s) => `store ${s.id}`)];
      problems.push(`${register.module}: declares personal data (${what.join(', ')}) but no personalData port to find, export and erase it`);
    }
    for (const table of register.tables) {
      for (const [column, uses] of Object.entries(table.personal)) {
        for (const id of uses) if (!activityIds.has(id)) problems.push(`${register.module}: ${table.table}.${column} names unknown activity "${id}"`);
      }
    }
    for (const store of stores) {
      for (const id of store.activities) if (!activityIds.has(id)) problems.push(`${register.module}: store "${store.id}" names unknown activity "${id}"`);
    }
    for (const activity of register.activities) {
      const hasRules = allRules.some(({ rule }) => rule.activity === activity.id);
      const hasText = Boolean(activity.retention?.fr.trim() && activity.retention.en.trim());
      if (!hasRules && !hasText) problems.push(`${register.module}: activity "${activity.id}" has neither retention rules nor a retention sentence`);
    }
  }
  return problems;
}

/** Record kinds two ports both return (each kind is one CSV file of the access zip): the engine refuses the archive. */
export function duplicateKinds(records: { kind: string; module: string }[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const { kind, module } of records) {
    const other = seen.get(kind);
    if (other !== undefined && other !== module) problems.push(`record kind "${kind}" is returned by both ${other} and ${module}`);
    else if (other === module) problems.push(`record kind "${kind}" is returned twice by ${module}`);
    seen.set(kind, module);
  }
  return problems;
}

#!/usr/bin/env node
// Checks the architecture's dependency rules (docs/architecture.md) on every import under src/,
// type-only imports included, with dependency-cruiser (it parses the code; a regex could be fooled):
//  - a module uses another module only through that module's index.ts, and so do the top-level
//    files (app.ts, cli.ts, main.ts, openapi.ts, setup.ts, …);
//  - inside a module, routes → service → queries: routes (*.routes.ts(x), *.api.ts) import no
//    queries or tables; a service imports no routes; queries import no service, routes or views;
//    views import no queries, service, tables or routes;
//  - platform/, ui/ and db/ import no module (db/schema.ts only the modules' *.tables.ts types);
//  - islands import only ui/ and preact; the client entry only islands, ui/ and preact;
//  - no import that cannot be resolved, nothing outside src/ (but tests), no cycle between modules.
// `node scripts/check-dependencies.mjs [root]` checks root/src (default: this repository's).
// Exits non-zero with one line per violation.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));

const test = '\\.test\\.tsx?$';
const routes = '\\.(routes|api)\\.tsx?$';
const service = '(\\.service\\.tsx?|/(use-cases|services)/[^/]+\\.tsx?)$';
const queries = '\\.queries\\.ts$';
const tables = '\\.tables\\.ts$';
const views = '^src/modules/[^/]+/views/';
const islands = '^src/modules/[^/]+/islands/';

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
export const rules = [
  {
    name: 'unresolvable',
    comment: 'an import that cannot be resolved would pass every other rule unseen',
    from: { path: '^src/' },
    to: { couldNotResolve: true },
  },
  {
    name: 'outside-src',
    comment: 'the application imports nothing of the repository outside src/ (tests may use test/support)',
    from: { path: '^src/', pathNot: test },
    to: { pathNot: '^(src|node_modules)/', dependencyTypesNot: ['core'], couldNotResolve: false },
  },
  {
    name: 'module-through-index',
    comment: "a module reaches another module only through that module's index.ts",
    from: { path: '^src/modules/([^/]+)/' },
    to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
  },
  {
    name: 'top-level-through-index',
    comment: "app.ts, cli.ts, main.ts, openapi.ts, setup.ts and the other top-level files reach a module only through its index.ts",
    from: { path: '^src/[^/]+$' },
    to: { path: '^src/modules/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
  },
  {
    name: 'shared-knows-no-module',
    comment: 'platform/, ui/ and db/ import no module (db/schema.ts composes the modules\' table types)',
    from: { path: '^src/(platform|ui|db)/', pathNot: '^src/db/schema\\.ts$' },
    to: { path: '^src/modules/' },
  },
  {
    name: 'schema-composes-tables',
    comment: "db/schema.ts imports only the modules' *.tables.ts",
    from: { path: '^src/db/schema\\.ts$' },
    to: { path: '^src/modules/', pathNot: tables },
  },
  {
    name: 'shared-knows-no-app',
    comment: 'platform/, ui/ and db/ do not import the top-level files that assemble the application',
    from: { path: '^src/(platform|ui|db)/' },
    to: { path: '^src/(app|cli|main|openapi|setup)\\.tsx?$' },
  },
  {
    name: 'routes-not-to-queries',
    comment: 'routes call the service, never the queries or the table types (routes → service → queries)',
    from: { path: routes },
    to: { path: `${queries}|${tables}` },
  },
  {
    name: 'service-not-to-routes',
    comment: 'a service knows nothing of HTTP: it imports no routes',
    from: { path: service },
    to: { path: routes },
  },
  {
    name: 'queries-not-up',
    comment: 'queries are the bottom layer: they import no service, routes or views',
    from: { path: queries },
    to: { path: `${service}|${routes}|${views}|${islands}` },
  },
  {
    name: 'views-not-to-data',
    comment: 'views are pure functions of their props: they import no queries, service, tables or routes',
    from: { path: views, pathNot: test },
    to: { path: `${queries}|${service}|${tables}|${routes}` },
  },
  {
    name: 'islands-only-ui',
    comment: 'islands run in the browser: they import only ui/ and preact',
    from: { path: islands },
    to: { pathNot: ['^src/ui/', '^node_modules/preact/'] },
  },
  {
    name: 'client-only-islands',
    comment: 'the client entry imports only islands, ui/ and preact',
    from: { path: '^src/client/' },
    to: { pathNot: ['^src/ui/', '^src/modules/[^/]+/islands/[^/]+\\.island\\.tsx?$', '^node_modules/preact/'] },
  },
];

const previousDirectory = process.cwd();
process.chdir(root);
let result;
try {
  result = await cruise(
    ['src'],
    {
      baseDir: root,
      validate: true,
      ruleSet: { forbidden: rules.map((rule) => ({ severity: 'error', ...rule })) },
      tsPreCompilationDeps: true,
      preserveSymlinks: true,
      doNotFollow: { path: '^node_modules' },
      moduleSystems: ['es6', 'cjs'],
    },
    { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'], extensionAlias: { '.js': ['.ts', '.tsx', '.js'] }, conditionNames: ['import', 'node', 'default'], exportsFields: ['exports'], mainFields: ['module', 'main', 'types'] },
  );
} finally {
  process.chdir(previousDirectory);
}
const output = result.output;

const violations = output.summary.violations.map((v) => `${v.from}: ${v.rule.name}: imports ${v.to} (${rules.find((r) => r.name === v.rule.name)?.comment ?? ''})`);

// Cycles between modules (not between files): any path of imports from one module back to itself.
const moduleOf = (file) => /^src\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;
const moduleEdges = new Map();
for (const file of output.modules) {
  const from = moduleOf(file.source);
  if (!from || new RegExp(test).test(file.source)) continue;
  for (const dependency of file.dependencies) {
    const to = moduleOf(dependency.resolved);
    if (!to || to === from) continue;
    if (!moduleEdges.has(from)) moduleEdges.set(from, new Set());
    moduleEdges.get(from).add(to);
  }
}
const state = new Map();
function visit(node, trail) {
  if (state.get(node) === 'done') return;
  if (state.get(node) === 'active') {
    violations.push(`module cycle: ${[...trail.slice(trail.indexOf(node)), node].join(' → ')}`);
    return;
  }
  state.set(node, 'active');
  for (const next of moduleEdges.get(node) ?? []) visit(next, [...trail, node]);
  state.set(node, 'done');
}
for (const node of [...moduleEdges.keys()].sort()) visit(node, []);

if (violations.length) {
  for (const v of violations) process.stderr.write(`${v}\n`);
  process.stderr.write(`\n${violations.length} dependency rule violation(s).\n`);
  process.exit(1);
}
const edges = [...moduleEdges].sort(([a], [b]) => a.localeCompare(b)).map(([m, t]) => `${m} → ${[...t].sort().join(', ')}`);
process.stdout.write(`Dependency rules hold: ${output.summary.totalCruised} files, ${output.summary.totalDependenciesCruised} imports (${edges.join('; ')}).\n`);

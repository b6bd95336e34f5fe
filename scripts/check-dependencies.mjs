#!/usr/bin/env node
// Checks the architecture's dependency rules (docs/architecture.md) on every import under src/:
//  1. a module uses another module only through that module's index.ts;
//  2. platform/, ui/ and db/ import no module (db/schema.ts may import the modules' *.tables.ts types);
//  3. islands import only ui/ and preact; the client entry only islands, ui/ and preact;
//  4. no cycle between modules.
// Exits non-zero with one line per violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

const importPattern = /(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const found = [];
  for (const match of text.matchAll(importPattern)) found.push(match[1] ?? match[2] ?? match[3]);
  return found;
}

function resolve(from, specifier) {
  if (!specifier.startsWith('.')) return null;
  return path.resolve(path.dirname(from), specifier).replace(/\.js$/, '');
}

const rel = (p) => path.relative(src, p).split(path.sep).join('/');
const moduleOf = (p) => {
  const m = /^modules\/([^/]+)\//.exec(rel(p));
  return m ? m[1] : null;
};

const violations = [];
const moduleEdges = new Map();

for (const file of walk(src)) {
  const from = rel(file);
  const fromModule = moduleOf(file);
  const isTest = /\.test\.tsx?$/.test(file);
  for (const specifier of importsOf(file)) {
    const target = resolve(file, specifier);
    if (target === null) {
      if (from.includes('/islands/') && !/^preact(\/|$)/.test(specifier)) violations.push(`${from}: an island imports "${specifier}" (only ui/ and preact)`);
      continue;
    }
    const to = rel(target);
    if (to.startsWith('..')) {
      if (!isTest) violations.push(`${from}: imports "${specifier}" from outside src/`);
      continue;
    }
    const toModule = moduleOf(target + '.ts');
    if (from.includes('/islands/') && !to.startsWith('ui/')) violations.push(`${from}: an island imports ${to} (only ui/ and preact)`);
    if (from.startsWith('client/') && !(to.startsWith('ui/') || /\/islands\/[^/]+\.island$/.test(to))) {
      violations.push(`${from}: the client entry imports ${to} (only islands and ui/)`);
    }
    if (toModule === null) continue;
    if (/^(platform|ui|db)\//.test(from)) {
      const allowed = from === 'db/schema.ts' && /\.tables$/.test(to);
      if (!allowed) violations.push(`${from}: ${from.split('/')[0]}/ must not import a module (${to})`);
      continue;
    }
    if (fromModule && toModule !== fromModule) {
      if (!to.endsWith(`modules/${toModule}/index`)) violations.push(`${from}: reaches into module "${toModule}" (${to}); import its index.ts`);
      if (!isTest) {
        if (!moduleEdges.has(fromModule)) moduleEdges.set(fromModule, new Set());
        moduleEdges.get(fromModule).add(toModule);
      }
    }
  }
}

// Cycles between modules, by depth-first search.
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
for (const node of moduleEdges.keys()) visit(node, []);

if (violations.length) {
  for (const v of violations) process.stderr.write(`${v}\n`);
  process.stderr.write(`\n${violations.length} dependency rule violation(s).\n`);
  process.exit(1);
}
process.stdout.write(`Dependency rules hold (${[...moduleEdges].map(([m, t]) => `${m} → ${[...t].join(', ')}`).join('; ')}).\n`);

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from './support/processes.js';

/**
 * `npm run lint:deps` (scripts/check-dependencies.mjs) run on small source trees: a tree that
 * keeps the rules passes; each file that breaks one is named with the rule it breaks.
 */
const run = promisify(execFile);
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A tree that keeps every rule: two modules, their layers, the top-level files, platform, db, client. */
const clean: Record<string, string> = {
  'src/modules/a/index.ts': "export { serviceA } from './a.service.js';\nexport type { AView } from './a.model.js';\n",
  'src/modules/a/a.model.ts': 'export interface AView { id: string }\n',
  'src/modules/a/a.tables.ts': 'export interface ATable { id: string }\n',
  'src/modules/a/a.queries.ts': "import type { ATable } from './a.tables.js';\nexport const queryA = (row: ATable) => row.id;\n",
  'src/modules/a/a.service.ts': "import { queryA } from './a.queries.js';\nimport { serviceB } from '../b/index.js';\nexport const serviceA = () => [queryA({ id: 'x' }), serviceB()];\n",
  'src/modules/a/a.routes.tsx': "import { serviceA } from './a.service.js';\nimport { Page } from './views/page.js';\nexport const routeA = () => [serviceA(), Page({ id: 'x' })];\n",
  'src/modules/a/views/page.tsx': "import type { AView } from '../a.model.js';\nimport { Button } from '../../../ui/button.js';\nexport const Page = (props: AView) => [props.id, Button()];\n",
  'src/modules/a/islands/pick.island.tsx': "import { h } from 'preact';\nimport { Button } from '../../../ui/button.js';\nexport const Pick = () => [h('p', null), Button()];\n",
  'src/modules/b/index.ts': "export { serviceB } from './b.service.js';\n",
  'src/modules/b/b.service.ts': 'export const serviceB = () => 1;\n',
  'src/ui/button.ts': "export const Button = () => 'button';\n",
  'src/platform/log.ts': "export const log = () => 'log';\n",
  'src/db/schema.ts': "import type { ATable } from '../modules/a/a.tables.js';\nexport interface DB { a: ATable }\n",
  'src/client/entry.ts': "import { Pick } from '../modules/a/islands/pick.island.js';\nexport const islands = { Pick };\n",
  'src/app.ts': "import { serviceA } from './modules/a/index.js';\nimport { log } from './platform/log.js';\nexport const app = () => [serviceA(), log()];\n",
  'src/cli.ts': "import { app } from './app.js';\napp();\n",
  'src/modules/a/a.service.test.ts': "import { helper } from '../../../test/helper.js';\nexport const t = helper;\n",
  'test/helper.ts': 'export const helper = 1;\n',
};

/** One file per rule, each breaking it once; the key is the rule the checker must name. */
const broken: Record<string, [file: string, text: string]> = {
  'routes-not-to-queries': ['src/modules/a/a.admin.routes.tsx', "import {\n  queryA,\n} from './a.queries.js';\nexport const r = queryA;\n"],
  'routes-not-to-queries (type only)': ['src/modules/a/a.api.ts', "import type { ATable } from './a.tables.js';\nexport type T = ATable;\n"],
  'service-not-to-routes': ['src/modules/b/b.other.service.ts', "export const s = async () => import('./b.routes.js');\n"],
  'queries-not-up': ['src/modules/b/b.queries.ts', "import { serviceB } from './b.service.js';\nexport const q = serviceB;\n"],
  'views-not-to-data': ['src/modules/a/views/list.tsx', "import { queryA } from '../a.queries.js';\nexport const List = queryA;\n"],
  'module-through-index': ['src/modules/b/b.routes.ts', "import { serviceA } from '../a/a.service.js';\nexport const r = serviceA;\n"],
  'top-level-through-index': ['src/setup.ts', "import { queryA } from './modules/a/a.queries.js';\nexport const setup = queryA;\n"],
  'shared-knows-no-module': ['src/platform/mail.ts', "import { serviceA } from '../modules/a/index.js';\nexport const mail = serviceA;\n"],
  'shared-knows-no-app': ['src/ui/page.ts', "import { app } from '../app.js';\nexport const page = app;\n"],
  'schema-composes-tables': ['src/db/schema.ts', "import type { ATable } from '../modules/a/a.tables.js';\nexport * from '../modules/a/a.queries.js';\nexport interface DB { a: ATable }\n"],
  'islands-only-ui': ['src/modules/a/islands/other.island.tsx', "import { serviceA } from '../a.service.js';\nexport const Other = serviceA;\n"],
  'client-only-islands': ['src/client/extra.ts', "import { log } from '../platform/log.js';\nexport const x = log;\n"],
  'unresolvable': ['src/main.ts', "import { nothing } from './missing.js';\nexport const main = nothing;\n"],
  'outside-src': ['src/openapi.ts', "import { helper } from '../test/helper.js';\nexport const doc = helper;\n"],
  'module cycle': ['src/modules/b/b.cycle.service.ts', "import { serviceA } from '../a/index.js';\nexport const c = serviceA;\n"],
};

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wservices-deps-'));
  made.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

async function check(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(root, 'scripts/check-dependencies.mjs'), dir], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the dependency rules (npm run lint:deps)', () => {
  it('pass a tree that keeps them', async () => {
    const result = await check(tree(clean));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Dependency rules hold');
    expect(result.stdout).toContain('a → b');
  });

  it('name each file that breaks one, with the rule it breaks', async () => {
    const files = { ...clean };
    for (const [file, text] of Object.values(broken)) files[file] = text;
    const result = await check(tree(files));
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    for (const [rule, [file]] of Object.entries(broken)) {
      const name = rule.replace(/ \(.*\)$/, '');
      if (name === 'module cycle') expect(lines).toContain('module cycle: a → b → a');
      else expect(lines.some((line) => line.startsWith(`${file}: ${name}: `)), `${file} breaks ${name}\n${result.stderr}`).toBe(true);
    }
    // The module cycle is named once; every other line is a file of the broken set.
    expect(lines.at(-1)).toBe(`${Object.keys(broken).length} dependency rule violation(s).`);
  });
});

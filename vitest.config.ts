import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    pool: 'forks',
    // Vitest's default (one fewer than the cores) is a single worker on a 2-core machine; most of
    // a test file's time is spent waiting (on the databases, the browser, child processes), so
    // two files at a time finish in about half the time there. Test files share nothing but the
    // PostgreSQL server, where each works in a schema of its own (test/support/databases.ts), and
    // the agenda's advisory lock, whose key is the database's: a test must not expect it free.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default'],
  },
});

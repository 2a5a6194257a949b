import { defineConfig } from 'vitest/config';

// JSX in views renders to HTML strings through our own runtime (src/shared/html/jsx-runtime.ts).
const oxc = { jsx: { runtime: 'automatic' as const, importSource: '#jsx' } };

// Every test file receives the run's migrated database templates (built once by the global setup below).
const setupFiles = ['src/db/testing/setup-templates.ts'];

export default defineConfig({
  oxc,
  test: {
    // Once per run, before any test file: migrated PGlite and PostgreSQL templates that test databases copy.
    globalSetup: ['src/db/testing/global-setup.ts'],
    // Vitest's default in a run is one worker less than the cores: one worker on a 2-core machine, with the other core
    // mostly idle while unit files wait on PostgreSQL and HTTP. Three unit files at a time keep both cores busy; the
    // end-to-end files (each a whole system and a browser) stay one at a time, after them.
    maxWorkers: 3,
    projects: [
      {
        oxc,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles,
          testTimeout: 30_000,
          // Opening a kit (databases, a bank, demo data) can take a minute on a loaded 2-core machine.
          hookTimeout: 120_000,
        },
      },
      {
        oxc,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          setupFiles,
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

// JSX in views renders to HTML strings through our own runtime (src/shared/html/jsx-runtime.ts).
const oxc = { jsx: { runtime: 'automatic' as const, importSource: '#jsx' } };

export default defineConfig({
  oxc,
  test: {
    projects: [
      {
        oxc,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}'],
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
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

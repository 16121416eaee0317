import { defineConfig } from 'vitest/config';

// Unit and integration tests. Each test file writes only to its own temporary folder.
export default defineConfig({
  // Component tests render the renderer's .tsx with React's automatic JSX runtime, as Vite does.
  esbuild: { jsx: 'automatic' },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The packs the tests install are signed with the public demo key, which only demo mode trusts.
    env: { BEDSIDE_DEMO: '1' },
    maxWorkers: 2,
  },
});

import { defineConfig } from 'vitest/config';

// Unit tests run in parallel. Integration and e2e tests share the lab hosts (one lab, fixed
// names), so their files run one after another, after the unit project.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/opengauss-standin/unit/**/*.test.ts'],
          // a few unit files compare with the real ansible-inventory / ansible templar (Python start-up
          // is seconds on a loaded 2-core machine)
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'lab',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/opengauss-standin/**/*.lab.test.ts'],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

// Unit and integration tests. Serial ptys, TCP sinks and hall-server processes are real, so
// integration tests get generous timeouts; no test asserts wall-clock speed (see bench/).
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});

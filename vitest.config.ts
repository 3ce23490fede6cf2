import { defineConfig } from "vitest/config";

// Unit and integration tests. Store, server and channel tests run against embedded PGlite and
// against a throw-away PostgreSQL cluster that test/global-setup.ts starts on loopback.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts"],
    exclude: ["test/browser/**", "node_modules/**", "dist/**"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});

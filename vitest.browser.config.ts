import { defineConfig } from "vitest/config";

// Browser tests: the real server (in-process, in-memory PGlite) and Debian's chromium driven by
// playwright-core. Needs `npm run build:web` first (the test command does that).
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: "forks",
  },
});

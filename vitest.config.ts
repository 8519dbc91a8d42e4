import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "e2e/**", "node_modules/**"],
          // A few unit tests run tar and zstd over megabytes: 5 s is not enough beside another run.
          testTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["lib/**/*.int.test.ts", "test/**/*.int.test.ts", "worker/**/*.int.test.ts"],
          exclude: ["e2e/**", "node_modules/**"],
          globalSetup: ["test/harness/global-setup.ts"],
          // Tests wait for states, not for times: these bounds only end a run that hangs, and are
          // wide enough that a host loaded by another run beside this one never reaches them.
          testTimeout: 600_000,
          hookTimeout: 600_000,
          // Real PostgreSQL instances are heavy on 2 cores: a few files at a time.
          maxWorkers: 2,
        },
      },
    ],
  },
});

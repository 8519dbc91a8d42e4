import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".wayback/**",
      ".wayback-test/**",
      "lib/db/generated/**",
      "next-env.d.ts",
      "test-artifacts/**",
      "test-results/**",
      "playwright-report/**",
      "bin/wayback.mjs",
      "bin/cli-chunks/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The domain layer is pure: no I/O, no framework, no adapters (DESIGN.md, "Layers").
    files: ["lib/domain/**/*.ts", "lib/errors/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:*", "fs", "child_process", "net", "pg", "ioredis", "bullmq", "next", "next/*", "react", "@prisma/*"],
              message: "lib/domain is pure: no I/O or framework imports.",
            },
            {
              group: ["@/lib/*", "!@/lib/domain", "!@/lib/errors", "@/app/*", "@/components/*", "@/worker/*"],
              message: "lib/domain and lib/errors may import only each other (see .dependency-cruiser.cjs).",
            },
          ],
        },
      ],
    },
  },
  {
    // Configuration is parsed once in lib/config.ts and passed in.
    files: ["**/*.ts", "**/*.tsx"],
    ignores: [
      "lib/config.ts",
      "scripts/**",
      "bench/**",
      "test/harness/**",
      "e2e/**",
      "playwright.config.ts",
      "bin/**",
      "next.config.js",
      "prisma.config.ts",
    ],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration from lib/config.ts." }],
    },
  },
);

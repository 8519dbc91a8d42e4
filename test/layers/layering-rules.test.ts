// The layering rules (.dependency-cruiser.cjs) run by `npm run lint`: each named rule refuses the
// import it is named for, in a small tree laid out like ours, and lets the allowed ones through.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

const tree: Record<string, string> = {
  "tsconfig.json": JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler", paths: { "@/*": ["./*"] } } }),
  "lib/errors/app-error.ts": `export class AppError extends Error {}\n`,
  "lib/domain/pure.ts": `import { AppError } from "@/lib/errors/app-error";\nexport const pure = AppError;\n`,
  "lib/domain/impure.ts": `import { setting } from "@/lib/config";\nexport const impure = setting;\n`,
  "lib/config.ts": `import { pure } from "@/lib/domain/pure";\nexport const setting = pure;\n`,
  "lib/pg/run.ts": `import { verb } from "@/lib/backups/verb";\nimport { setting } from "@/lib/config";\nexport const run = [verb, setting];\n`,
  "lib/backups/verb.ts": `import type { Wrapper } from "@/lib/http/route";\nexport const verb = 1 as unknown as Wrapper;\n`,
  "lib/backups/uses-top.ts": `import { page } from "@/app/page";\nexport const usesTop = page;\n`,
  "lib/http/route.ts": `import { verb } from "@/lib/backups/verb";\nexport type Wrapper = typeof verb;\n`,
  "lib/restores/first.ts": `import { second } from "@/lib/drills/second";\nexport const first = second;\n`,
  "lib/drills/second.ts": `import { third } from "@/lib/restores/third";\nexport const second = third;\n`,
  "lib/restores/third.ts": `export const third = 3;\n`,
  "lib/wal/a.ts": `import { b } from "@/lib/wal/b";\nexport const a = () => b;\n`,
  "lib/wal/b.ts": `import { a } from "@/lib/wal/a";\nexport const b = () => a;\n`,
  "lib/clusters/moved.ts": `import { gone } from "@/lib/clusters/gone";\nexport const moved = gone;\n`,
  "app/page.ts": `import { verb } from "@/lib/backups/verb";\nimport { route } from "@/lib/http/route";\nexport const page = [verb, route];\n`,
};

let dir: string;
let output: string;
let status: number | null;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wayback-layers-"));
  fs.copyFileSync(path.join(root, ".dependency-cruiser.cjs"), path.join(dir, ".dependency-cruiser.cjs"));
  for (const [file, text] of Object.entries(tree)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const run = spawnSync(path.join(root, "node_modules/.bin/depcruise"), ["lib", "app", "--output-type", "err"], {
    cwd: dir,
    encoding: "utf8",
  });
  output = run.stdout + run.stderr;
  status = run.status;
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What the err reporter prints, as "rule: from → to" (for a cycle, its first step). */
const violations = () => [...output.matchAll(/error ([a-z-]+): (\S+) →\s+(\S+)/g)].map((m) => `${m[1]}: ${m[2]} → ${m[3]}`);

describe("the layering rules", () => {
  it("fail lint, naming each rule a violation breaks", () => {
    expect(status).not.toBe(0);
    expect(violations()).toEqual(
      expect.arrayContaining([
        "domain-imports-nothing-of-ours: lib/domain/impure.ts → lib/config.ts",
        "adapters-import-domain-only: lib/pg/run.ts → lib/backups/verb.ts",
        "verbs-import-adapters-and-domain: lib/backups/verb.ts → lib/http/route.ts",
        "verbs-import-adapters-and-domain: lib/backups/uses-top.ts → app/page.ts",
        "lib-never-imports-top: lib/backups/uses-top.ts → app/page.ts",
        "no-circular: lib/wal/a.ts → lib/wal/b.ts",
        "not-to-unresolvable: lib/clusters/moved.ts → @/lib/clusters/gone",
        // Folders in a cycle whose modules form none.
        "no-folder-cycles: lib/restores → lib/drills",
      ]),
    );
  });

  it("let the allowed imports through: domain ↔ errors, adapters → domain, the top → verbs and the wrapper", () => {
    const from = (file: string) => violations().filter((v) => v.includes(`: ${file} →`));
    expect(from("lib/domain/pure.ts")).toEqual([]);
    expect(from("lib/config.ts")).toEqual([]);
    expect(from("lib/pg/run.ts")).toEqual(["adapters-import-domain-only: lib/pg/run.ts → lib/backups/verb.ts"]);
    expect(from("app/page.ts")).toEqual([]);
  });
});

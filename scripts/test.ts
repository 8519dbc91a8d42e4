// `npm test`: every layer, in order of cost. A failing layer does not stop the cheaper ones from
// reporting; the browser layer is skipped when the build it needs failed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "@/lib/pg/free-port";
import { ensureBuild } from "./lib/build";
import { checkoutPlaces } from "./lib/data-dir";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" };

interface Layer {
  name: string;
  run: () => boolean | Promise<boolean>;
  needs?: string;
}

const exec = (command: string, args: string[]) => () => spawnSync(command, args, { cwd: root, stdio: "inherit", env }).status === 0;

// What the page showed when a browser test failed (Playwright's snapshot of it): CI keeps only
// this output, and a failure that says "waiting for the Table filter" needs the page to explain it.
function printErrorContexts(dir: string) {
  const files = fs.existsSync(dir)
    ? fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("error-context.md"))
    : [];
  for (const file of files) {
    console.log(`\n--- ${file} ---\n${fs.readFileSync(path.join(dir, file), "utf8")}`);
  }
}

const layers: Layer[] = [
  { name: "typecheck", run: exec(bin("tsc"), ["--noEmit", "-p", "."]) },
  // `npm run lint`: ESLint and the layering rules (.dependency-cruiser.cjs), so both fail the same layer.
  { name: "lint", run: exec("npm", ["run", "--silent", "lint"]) },
  { name: "unit", run: exec(bin("vitest"), ["run", "--project", "unit"]) },
  { name: "integration", run: exec(bin("vitest"), ["run", "--project", "integration"]) },
  {
    name: "build",
    run: () =>
      ensureBuild(root, (m) => console.log(`wayback: ${m}`)).then(
        () => true,
        (err: Error) => (console.error(err.message), false),
      ),
  },
  {
    name: "e2e",
    needs: "build",
    run: async () => {
      // The browser tests start from an empty embedded default every time, where PostgreSQL's OS
      // user can reach it: beside npm start's data directory when the checkout is closed to it.
      const places = await checkoutPlaces(root, process.env);
      const dataDir = places.blockedBy ? `${places.dataDir}-e2e` : path.join(root, ".wayback-test", "e2e");
      fs.rmSync(dataDir, { recursive: true, force: true });
      // A port of its own, so a second `npm test` beside this one (another clone) does not find
      // the dashboard's port taken. Chosen here, once: Playwright loads its config in every process.
      const port = process.env.WAYBACK_E2E_PORT ?? String(await freePort());
      const ok =
        spawnSync(bin("playwright"), ["test"], {
          cwd: root,
          stdio: "inherit",
          env: { ...env, WAYBACK_E2E_DATA_DIR: dataDir, WAYBACK_E2E_PORT: port },
        }).status === 0;
      if (!ok) printErrorContexts(path.join(root, "test-results"));
      return ok;
    },
  },
];

// `--only build,e2e`: some layers, for a quick look at one part (npm test always runs them all).
const onlyArg = process.argv.indexOf("--only");
const only = onlyArg < 0 ? null : new Set(process.argv[onlyArg + 1]?.split(","));
const results = new Map<string, "passed" | "failed" | "skipped">();
for (const layer of layers.filter((l) => !only || only.has(l.name))) {
  if (layer.needs && (!only || only.has(layer.needs)) && results.get(layer.needs) !== "passed") {
    results.set(layer.name, "skipped");
    continue;
  }
  console.log(`\n=== ${layer.name} ===`);
  const started = Date.now();
  const ok = await layer.run();
  results.set(layer.name, ok ? "passed" : "failed");
  console.log(`=== ${layer.name}: ${ok ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
}

const count = (s: string) => [...results.values()].filter((v) => v === s).length;
console.log("\n" + [...results].map(([n, r]) => `  ${n.padEnd(12)} ${r}`).join("\n"));
console.log(`layers: ${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped`);
process.exit(count("failed") + count("skipped") > 0 ? 1 : 0);

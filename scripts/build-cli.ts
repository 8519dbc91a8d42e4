/**
 * Bundles the `wayback` CLI (bin/wayback.ts) into bin/wayback.mjs and its chunks in
 * bin/cli-chunks/, which plain `node` runs without tsx or the source tree: archive_command starts
 * it once per WAL segment, so start-up time is the cost to keep low. Everything is bundled (pg
 * included): a few files to read and parse start faster than resolving node_modules, and the CLI
 * then needs nothing but itself and `node` on the database host. The entry holds only the fast
 * paths; what needs the catalog is a chunk loaded when needed (measured: node alone 60 ms, the
 * whole bundle 100–110 ms, the entry alone about as fast as node).
 *
 * bin/wayback, the shell script PostgreSQL runs, answers the commonest calls itself and hands the
 * rest to the bundle (see bin/wayback.sh).
 *
 * The files go to bin/ by default, or to another directory (`dir`) when PostgreSQL's OS user cannot
 * reach the checkout (lib/embedded/server-places.ts); the wrapper finds the bundle beside itself.
 *
 *   node --import tsx scripts/build-cli.ts        → bin/wayback, bin/wayback.mjs, bin/cli-chunks/*.mjs
 */
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { resolveEmbeddedPlaces } from "@/lib/embedded/server-places";
import type { OsUser } from "@/lib/pg/os-user";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The CLI's files in `dir`: `script` is what PostgreSQL runs (bin/wayback.sh with this node filled in), `bundle` what it hands work to. */
export const cliFiles = (dir: string) => ({ script: path.join(dir, "wayback"), bundle: path.join(dir, "wayback.mjs") });

export const CLI_BUNDLE = cliFiles(path.join(root, "bin")).bundle;
export const CLI_SCRIPT = cliFiles(path.join(root, "bin")).script;

/** Builds the CLI into `dir` (default: the checkout's bin/); returns the bundle's path. */
export async function buildCli(opts: { external?: boolean; dir?: string } = {}): Promise<string> {
  const dir = opts.dir ?? path.join(root, "bin");
  const { script: target, bundle } = cliFiles(dir);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  await build({
    entryPoints: [path.join(root, "bin", "wayback.ts")],
    outdir: dir,
    entryNames: "[name]",
    // Named by content: rebuilding while a server runs the CLI never changes a chunk under it.
    chunkNames: "cli-chunks/[name]-[hash]",
    outExtension: { ".js": ".mjs" },
    splitting: true,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    tsconfig: path.join(root, "tsconfig.json"),
    packages: opts.external ? "external" : undefined,
    // pg is CommonJS and require()s node builtins; an ESM bundle needs a real require for them.
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __waybackCreateRequire } from 'node:module';\nconst require = __waybackCreateRequire(import.meta.url);",
    },
    // pg-native is an optional peer that pg loads only when asked to.
    external: ["pg-native"],
    minify: false,
    legalComments: "none",
    logLevel: "warning",
  });
  const script = (await readFile(path.join(root, "bin", "wayback.sh"), "utf8")).replace(
    "@NODE@",
    process.execPath.replaceAll("'", `'\\''`),
  );
  // Written beside and renamed: a server running the script while it is rebuilt sees old or new, never half.
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, script, { mode: 0o755 });
  await chmod(tmp, 0o755);
  await rename(tmp, target);
  return bundle;
}

/**
 * Builds the CLI where PostgreSQL's OS user can run it: this checkout's bin/, or under
 * /var/lib/wayback when the checkout is closed to that user. Returns the script servers run.
 */
export async function installCli(osUser: OsUser | undefined): Promise<string> {
  const { cliDir } = await resolveEmbeddedPlaces(root, osUser);
  await buildCli({ dir: cliDir });
  return cliFiles(cliDir).script;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildCli({ external: process.argv.includes("--external") });
  console.log(`built ${path.relative(process.cwd(), out)}`);
}

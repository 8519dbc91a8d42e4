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
 *   node --import tsx scripts/build-cli.ts        → bin/wayback, bin/wayback.mjs, bin/cli-chunks/*.mjs
 */
import { chmod, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const CLI_BUNDLE = path.join(root, "bin", "wayback.mjs");
/** What PostgreSQL runs: bin/wayback.sh with this node filled in, answering the fast paths without starting Node. */
export const CLI_SCRIPT = path.join(root, "bin", "wayback");

export async function buildCli(opts: { external?: boolean } = {}): Promise<string> {
  await build({
    entryPoints: [path.join(root, "bin", "wayback.ts")],
    outdir: path.dirname(CLI_BUNDLE),
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
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __waybackCreateRequire } from 'node:module';\nconst require = __waybackCreateRequire(import.meta.url);" },
    // pg-native is an optional peer that pg loads only when asked to.
    external: ["pg-native"],
    minify: false,
    legalComments: "none",
    logLevel: "warning",
  });
  const script = (await readFile(path.join(root, "bin", "wayback.sh"), "utf8")).replace("@NODE@", process.execPath.replaceAll("'", `'\\''`));
  // Written beside and renamed: a server running the script while it is rebuilt sees old or new, never half.
  const tmp = `${CLI_SCRIPT}.${process.pid}.tmp`;
  await writeFile(tmp, script, { mode: 0o755 });
  await chmod(tmp, 0o755);
  await rename(tmp, CLI_SCRIPT);
  return CLI_BUNDLE;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildCli({ external: process.argv.includes("--external") });
  console.log(`built ${path.relative(process.cwd(), out)}`);
}

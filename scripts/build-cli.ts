/**
 * Bundles the `wayback` CLI (bin/wayback.ts) into one ESM file, bin/wayback.mjs, that plain `node`
 * runs without tsx or the source tree: archive_command starts it once per WAL segment, so start-up
 * time is the cost to keep low. Everything is bundled (pg included): one file to read and parse is
 * faster to start than resolving node_modules (measured; see the numbers in the commit notes), and
 * the bundle then needs nothing but itself and `node` on the database host.
 *
 *   node --import tsx scripts/build-cli.ts        → bin/wayback.mjs
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const CLI_BUNDLE = path.join(root, "bin", "wayback.mjs");

export async function buildCli(opts: { outfile?: string; external?: boolean } = {}): Promise<string> {
  const outfile = opts.outfile ?? CLI_BUNDLE;
  await build({
    entryPoints: [path.join(root, "bin", "wayback.ts")],
    outfile,
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
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildCli({ external: process.argv.includes("--external") });
  console.log(`built ${path.relative(process.cwd(), out)}`);
}

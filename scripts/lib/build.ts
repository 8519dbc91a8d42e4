import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

/** Runs `next build` unless .next was built from exactly these sources (names, sizes, mtimes). */
export async function ensureBuild(root: string, log: (m: string) => void): Promise<void> {
  const stampFile = path.join(root, ".next", "wayback-build-stamp");
  const stamp = fingerprint(root);
  if (fs.existsSync(path.join(root, ".next", "BUILD_ID")) && readOr(stampFile) === stamp) return;
  log("building the dashboard (next build, about 1 minute; again only when its sources change)…");
  const started = Date.now();
  const res = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (res.status !== 0) throw new Error("next build failed (see above)");
  fs.writeFileSync(stampFile, stamp);
  log(`built the dashboard in ${Math.round((Date.now() - started) / 1000)} s`);
}

function fingerprint(root: string): string {
  const hash = createHash("sha256");
  const walk = (p: string) => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
    } else {
      hash.update(`${path.relative(root, p)}:${st.size}:${st.mtimeMs}\n`);
    }
  };
  for (const s of SOURCES) walk(path.join(root, s));
  return hash.digest("hex");
}

function readOr(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

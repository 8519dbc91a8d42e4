import { stat } from "node:fs/promises";
import path from "node:path";
import type { PathEntry } from "@/lib/domain/server-reach";

/** `dir` and each of its ancestors up to /, with what the traversal check (lib/domain/server-reach.ts) reads. */
export async function ancestry(dir: string): Promise<PathEntry[]> {
  const entries: PathEntry[] = [];
  for (let p = path.resolve(dir); ; p = path.dirname(p)) {
    const st = await stat(p);
    entries.push({ path: p, mode: st.mode, uid: st.uid, gid: st.gid });
    if (p === path.dirname(p)) return entries;
  }
}

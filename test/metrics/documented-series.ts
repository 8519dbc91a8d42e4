import fs from "node:fs";
import path from "node:path";

const README = path.resolve(import.meta.dirname, "../../README.md");

/** The series the README's metrics table documents: name → its labels. */
export function documentedSeries(): Map<string, string[]> {
  const readme = fs.readFileSync(README, "utf8");
  const section = readme.slice(readme.indexOf("## Metrics and health"));
  const table = section.slice(0, section.indexOf("\n## ", 4));
  const series = new Map<string, string[]>();
  for (const m of table.matchAll(/^\| `(wayback_[a-z_]+)` \|([^|]*)\|/gm)) {
    series.set(
      m[1]!,
      [...m[2]!.matchAll(/`([a-z_]+)`/g)].map((l) => l[1]!),
    );
  }
  return series;
}

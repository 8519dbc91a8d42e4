import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { documentedSeries } from "@/test/metrics/documented-series";

interface Panel {
  title: string;
  type: string;
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/grafana/wayback.json"), "utf8")) as {
  panels: Panel[];
  templating: { list: { name: string; definition?: string }[] };
};

describe("the Grafana dashboard", () => {
  const documented = documentedSeries();
  const graphs = dashboard.panels.filter((p) => p.type !== "row");

  it("queries only series /metrics documents", () => {
    const expressions = [
      ...graphs.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
      ...dashboard.templating.list.flatMap((v) => (v.definition ? [v.definition] : [])),
    ];
    const used = new Set(
      expressions.flatMap((e) => [...e.matchAll(/\bwayback_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ""))),
    );
    expect([...used].filter((name) => !documented.has(name))).toEqual([]);
    // Nearly every series has a panel; the recoverable moment is read through the RPO.
    expect([...documented.keys()].filter((name) => !used.has(name))).toEqual(["wayback_recoverable_newest_timestamp_seconds"]);
  });

  it("gives every panel a query", () => {
    for (const p of graphs) expect(p.targets?.length, p.title).toBeGreaterThan(0);
  });
});

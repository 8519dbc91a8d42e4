import { ratio } from "./measure";
import { formatSpread, type Spread } from "./rounds";

/** A target of the issue: `what` takes at most `atMost` times as long as `against` (medians). */
export interface Goal {
  what: string;
  value: Spread;
  against: string;
  base: Spread;
  atMost: number;
}

export interface GoalResult {
  what: string;
  against: string;
  ratio: number;
  atMost: number;
  met: boolean;
}

export function judgeGoal(goal: Goal): GoalResult {
  // Judged on the medians themselves: the printed ratio is rounded to two decimals.
  const met = goal.value.median <= goal.atMost * goal.base.median;
  return { what: goal.what, against: goal.against, ratio: ratio(goal.value.median, goal.base.median), atMost: goal.atMost, met };
}

/** Columns padded to their widest cell; the first row is the header. */
export function renderTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(rows[0]!), line(widths.map((w) => "-".repeat(w))), ...rows.slice(1).map(line)].join("\n");
}

/** The goals as a table: each side's median (range), the ratio of medians, and whether it is met. */
export function goalTable(goals: Goal[]): string {
  return renderTable([
    ["goal", "median (min–max)", "against", "median (min–max)", "ratio", "target", "met"],
    ...goals.map((g) => {
      const j = judgeGoal(g);
      return [g.what, formatSpread(g.value), g.against, formatSpread(g.base), `${j.ratio}x`, `≤ ${g.atMost}x`, j.met ? "yes" : "NO"];
    }),
  ]);
}

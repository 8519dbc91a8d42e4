import { describe, expect, it } from "vitest";
import { goalTable, judgeGoal, renderTable } from "@/bench/lib/goals";
import { formatSpread, roundOrder, runRounds, spread } from "@/bench/lib/rounds";

describe("spread", () => {
  it("gives the median and range of an odd number of runs", () => {
    expect(spread([4300, 1800, 1900])).toEqual({ median: 1900, min: 1800, max: 4300, runs: [4300, 1800, 1900] });
  });
  it("averages the middle two of an even number", () => {
    expect(spread([1, 4, 2, 3]).median).toBe(3); // 2.5 rounded
  });
  it("refuses no runs", () => {
    expect(() => spread([])).toThrow(/at least one/);
  });
});

describe("roundOrder", () => {
  it("puts each side first once in as many rounds as there are sides", () => {
    const sides = ["plain", "pgbackrest", "wayback"];
    const firsts = [0, 1, 2].map((r) => roundOrder(sides, r)[0]);
    expect(new Set(firsts)).toEqual(new Set(sides));
    expect(roundOrder(sides, 1)).toEqual(["pgbackrest", "wayback", "plain"]);
    expect(roundOrder(sides, 3)).toEqual(sides);
  });
});

describe("runRounds", () => {
  it("prepares before every run, rotates the order and summarises every figure of every side", async () => {
    const events: string[] = [];
    let n = 0;
    const side = (name: string) => async () => {
      events.push(name);
      n += 1;
      return { ms: n * 10, partMs: n };
    };
    const result = await runRounds(
      { a: side("a"), b: side("b") },
      { rounds: 3, prepare: async () => void events.push("prepare"), log: () => {} },
    );
    expect(events).toEqual(["prepare", "a", "prepare", "b", "prepare", "b", "prepare", "a", "prepare", "a", "prepare", "b"]);
    // a ran 1st, 4th and 5th; b 2nd, 3rd and 6th.
    expect(result.a.ms).toEqual({ median: 40, min: 10, max: 50, runs: [10, 40, 50] });
    expect(result.b.partMs).toEqual({ median: 3, min: 2, max: 6, runs: [2, 3, 6] });
  });
});

describe("goals", () => {
  const s = (median: number) => spread([median]);
  it("compares medians against the target ratio", () => {
    expect(judgeGoal({ what: "w", value: s(500), against: "p", base: s(1000), atMost: 0.5 })).toMatchObject({ ratio: 0.5, met: true });
    expect(judgeGoal({ what: "w", value: s(501), against: "p", base: s(1000), atMost: 0.5 })).toMatchObject({ ratio: 0.5, met: false });
  });
  it("prints each goal with both ranges, the ratio and whether it is met", () => {
    const table = goalTable([
      {
        what: "Wayback backup end to end",
        value: spread([900, 1000, 1200]),
        against: "pgBackRest full backup",
        base: spread([3000, 3100, 2900]),
        atMost: 0.5,
      },
    ]);
    expect(table.split("\n")[2]).toMatch(
      /^Wayback backup end to end\s+1\.00 s \(0\.90–1\.20\)\s+pgBackRest full backup\s+3\.00 s \(2\.90–3\.10\)\s+0\.33x\s+≤ 0\.5x\s+yes$/,
    );
  });
  it("pads columns to the widest cell", () => {
    expect(
      renderTable([
        ["a", "b"],
        ["long", "x"],
      ]),
    ).toBe("a     b\n----  -\nlong  x");
  });
  it("formats long runs with one decimal", () => {
    expect(formatSpread(spread([12_345, 10_000, 15_000]))).toBe("12.3 s (10.0–15.0)");
  });
});

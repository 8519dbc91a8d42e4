// Measured sides run under the same conditions: the same preparation before every run, in an
// order rotated each round (so no side always runs first, right after the load, or last), and
// each figure reported as its median with the range of the rounds. One run on a shared machine
// says little; the spread says how much.

/** One figure over the rounds: the median and the range (milliseconds, rounded). */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function spread(values: number[]): Spread {
  if (values.length === 0) throw new Error("spread() needs at least one value");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    median: Math.round(median),
    min: Math.round(sorted[0]!),
    max: Math.round(sorted.at(-1)!),
    runs: values.map((v) => Math.round(v)),
  };
}

/** The sides in the order of round `round` (0-based): rotated by one each round. */
export function roundOrder<T>(sides: readonly T[], round: number): T[] {
  const k = round % sides.length;
  return [...sides.slice(k), ...sides.slice(0, k)];
}

/** A measured side: runs once and returns its figures (milliseconds) by name. */
export type Side = () => Promise<Record<string, number>>;
export type SpreadsOf<S extends Record<string, Side>> = { [K in keyof S]: { [F in keyof Awaited<ReturnType<S[K]>>]: Spread } };

/**
 * Runs every side once per round, `prepare()` before each run (not timed), and summarises each
 * figure of each side over the rounds.
 */
export async function runRounds<S extends Record<string, Side>>(
  sides: S,
  opts: { rounds: number; prepare: () => Promise<void>; log: (m: string) => void },
): Promise<SpreadsOf<S>> {
  const names = Object.keys(sides);
  const seen = new Map<string, Record<string, number>[]>(names.map((n) => [n, []]));
  for (let round = 0; round < opts.rounds; round++) {
    for (const name of roundOrder(names, round)) {
      await opts.prepare();
      opts.log(`round ${round + 1}/${opts.rounds}: ${name}`);
      seen.get(name)!.push(await sides[name]!());
    }
  }
  const summary = (runs: Record<string, number>[]) =>
    Object.fromEntries(Object.keys(runs[0]!).map((f) => [f, spread(runs.map((r) => r[f]!))]));
  return Object.fromEntries(names.map((n) => [n, summary(seen.get(n)!)])) as SpreadsOf<S>;
}

/** "4.3 s (4.1–4.9)": median and range in seconds. */
export function formatSpread(s: Spread): string {
  const sec = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
  return `${sec(s.median)} s (${sec(s.min)}–${sec(s.max)})`;
}

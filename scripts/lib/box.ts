/** Lines framed in a box: what a newcomer must read stands out from the log above it. */
export function box(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const edge = "─".repeat(width + 2);
  return [`┌${edge}┐`, ...lines.map((l) => `│ ${l.padEnd(width)} │`), `└${edge}┘`].join("\n");
}

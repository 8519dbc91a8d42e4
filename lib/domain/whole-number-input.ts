import { z } from "zod";

/**
 * A whole number in a range, given as a JSON number or, because HTML forms send text, as a string
 * of decimal digits. Nothing else is converted: `true`, "0x1538", "5e3", " " and [5432] would all
 * become numbers under JavaScript's Number(), and a port or a limit typed one way and read
 * another is a mistake to point out, not to guess at.
 */
export function wholeNumberInput(opts: { min: number; max: number; invalid: string; tooSmall: string; tooLarge: string }) {
  return z.union([z.number(), z.string()], { error: opts.invalid }).transform((value, ctx) => {
    const n = typeof value === "number" ? value : /^[0-9]+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!Number.isSafeInteger(n)) {
      ctx.addIssue({ code: "custom", message: opts.invalid });
      return z.NEVER;
    }
    if (n < opts.min || n > opts.max) {
      ctx.addIssue({ code: "custom", message: n < opts.min ? opts.tooSmall : opts.tooLarge });
      return z.NEVER;
    }
    return n;
  });
}

/** A TCP port: 1–65535 unless a narrower range is asked for. */
export function portInput(min = 1, max = 65535) {
  const range = `Ports range from ${min} to ${max}.`;
  return wholeNumberInput({
    min,
    max,
    invalid: "Enter the port as a whole number in decimal digits, e.g. 5432.",
    tooSmall: range,
    tooLarge: range,
  });
}

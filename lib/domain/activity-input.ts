import { z } from "zod";
import { wholeNumberInput } from "./whole-number-input";

export const ACTIVITY_KINDS = ["delete", "update", "truncate", "drop", "rewrite"] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

// At most this many minutes are drawn: a week in minutes is 10,080.
export const MAX_ACTIVITY_MINUTES = 7 * 24 * 60;

const time = (what: string) =>
  z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), { message: `Give ${what} as an ISO 8601 time, e.g. 2026-12-02T14:31:00Z.` })
    .transform((s) => new Date(s));

/**
 * GET /api/v1/clusters/[id]/activity: what happened, from the WAL index. `table` is a table name as
 * table, schema.table or database.schema.table; `from`/`to` default to the last 24 hours before the
 * newest indexed commit; `kind` keeps transactions that did it; `minRows` those that updated or
 * deleted at least that many rows (truncates and drops always pass: their rows are not counted).
 */
export const activityQuery = z
  .object({
    table: z
      .string()
      .trim()
      .max(200, { message: "A table name is at most 200 characters." })
      .regex(/^[^.]+(\.[^.]+){0,2}$/, { message: "Name the table as table, schema.table or database.schema.table." })
      .optional(),
    from: time("from").optional(),
    to: time("to").optional(),
    kind: z.enum(ACTIVITY_KINDS, { message: `kind is one of ${ACTIVITY_KINDS.join(", ")}.` }).optional(),
    minRows: wholeNumberInput({
      min: 0,
      max: 2_000_000_000,
      invalid: "Give minRows as a whole number, e.g. 1000.",
      tooSmall: "minRows is 0 or more.",
      tooLarge: "minRows is at most 2000000000.",
    }).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: "from must be before to.", path: ["from"] })
  .refine((q) => !q.from || !q.to || q.to.getTime() - q.from.getTime() <= MAX_ACTIVITY_MINUTES * 60_000, {
    message: "Ask for at most 7 days at a time.",
    path: ["to"],
  });

export type ActivityQuery = z.infer<typeof activityQuery>;

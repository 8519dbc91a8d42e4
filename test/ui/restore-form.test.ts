import { describe, expect, it } from "vitest";
import { formatIsoWithOffset, formatLocalInput, parseLocalInput } from "@/components/ui/format";
import { initialValues, restoreFormSchema } from "@/components/restores/restore-form-schema";
import { pickedMoment, timeAtX, xScale } from "@/components/timeline/timeline-scale";
import { isoWithMicros } from "@/components/timeline/timeline-zoom";

describe("local time input", () => {
  it("reads YYYY-MM-DD HH:MM:SS in the browser's zone and sends the same instant with its offset", () => {
    const parsed = parseLocalInput("2025-11-24 23:27:05");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const iso = formatIsoWithOffset(parsed.date);
    expect(iso).toMatch(/^2025-11-24T23:27:05[+-]\d{2}:\d{2}$/);
    expect(Date.parse(iso)).toBe(parsed.date.getTime());
    expect(formatLocalInput(parsed.date.toISOString())).toBe("2025-11-24 23:27:05");
  });

  it("keeps milliseconds, so a window's exact edge stays inside the window", () => {
    const edge = "2026-01-01T10:00:00.718Z";
    const parsed = parseLocalInput(formatLocalInput(edge));
    expect(parsed.ok && parsed.date.toISOString()).toBe(edge);
    expect(parsed.ok && Date.parse(formatIsoWithOffset(parsed.date))).toBe(Date.parse(edge));
  });

  it("keeps microseconds from a picked moment through the field to the request body", () => {
    const picked = "2026-01-01T10:00:00.123456Z";
    const shown = formatLocalInput(picked);
    expect(shown).toMatch(/:00\.123456$/);
    const body = restoreFormSchema.safeParse(initialValues({ time: picked }));
    expect(body.success).toBe(true);
    if (!body.success) return;
    const sent = (body.data.target as { time: string }).time;
    expect(sent).toMatch(/^2026-01-01T\d{2}:\d{2}:00\.123456[+-]\d{2}:\d{2}$/);
    expect(Date.parse(sent)).toBe(Date.parse("2026-01-01T10:00:00.123Z"));
    // Typed by hand: 1 to 6 digits are kept as typed, more are cut at the microsecond.
    const typed = parseLocalInput("2026-01-01 10:00:00.12345678");
    expect(typed.ok && [typed.date.getMilliseconds(), typed.micros]).toEqual([123, 456]);
    expect(formatLocalInput("2026-01-01T10:00:00.120Z")).toMatch(/:00\.120$/);
  });

  it("honours an offset pasted with the value, and refuses what is not a time", () => {
    const z = parseLocalInput("2025-11-24T23:27:05Z");
    expect(z.ok && z.date.toISOString()).toBe("2025-11-24T23:27:05.000Z");
    const plus = parseLocalInput("2025-11-24 23:27:05+02:00");
    expect(plus.ok && plus.date.toISOString()).toBe("2025-11-24T21:27:05.000Z");
    expect(parseLocalInput("yesterday").ok).toBe(false);
    expect(parseLocalInput("2025-02-30 10:00:00").ok).toBe(false);
  });
});

describe("timeline picking", () => {
  it("maps x back to the time it was drawn at", () => {
    const span = { start: 1_000_000, end: 4_600_000 };
    const x = xScale(span, 48, 948);
    const t = timeAtX(span, 48, 948);
    expect(t(x(2_000_000))).toBeCloseTo(2_000_000, 3);
  });

  it("rounds to the pick step (a second zoomed out, a microsecond zoomed in) but never leaves the window", () => {
    const w = {
      timeline: 1,
      fromBackupId: "b",
      from: { lsn: "0/1", time: "2026-01-01T10:00:00.718Z" },
      to: { lsn: "0/2", time: "2026-01-01T10:05:00.200Z" },
    };
    const at = Date.parse("2026-01-01T10:02:10.400Z") + 0.4567;
    expect(pickedMoment(w, at, 1)).toBe(Date.parse("2026-01-01T10:02:10.400Z"));
    expect(isoWithMicros(pickedMoment(w, at, 0.001))).toBe("2026-01-01T10:02:10.400457Z");
    expect(isoWithMicros(pickedMoment(w, Date.parse("2026-01-01T10:00:00.100Z"), 0.001))).toBe("2026-01-01T10:00:00.718Z");
  });

  it("rounds to the second but never leaves the window", () => {
    const w = {
      timeline: 1,
      fromBackupId: "b",
      from: { lsn: "0/1", time: "2026-01-01T10:00:00.718Z" },
      to: { lsn: "0/2", time: "2026-01-01T10:05:00.200Z" },
    };
    expect(new Date(pickedMoment(w, Date.parse("2026-01-01T10:02:10.400Z"))).toISOString()).toBe("2026-01-01T10:02:10.000Z");
    expect(new Date(pickedMoment(w, Date.parse("2026-01-01T10:00:00.300Z"))).toISOString()).toBe("2026-01-01T10:00:00.718Z");
    expect(new Date(pickedMoment(w, Date.parse("2026-01-01T10:05:00.100Z"))).toISOString()).toBe("2026-01-01T10:05:00.000Z");
  });
});

describe("restore form → request body", () => {
  it("sends only the chosen kind's target, and leaves empty destination fields to the server", () => {
    const v = initialValues({ time: "2026-01-01T10:00:00Z" });
    const r = restoreFormSchema.safeParse(v);
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data.target).toMatchObject({ kind: "time", inclusive: true });
    expect(Date.parse((r.data.target as { time: string }).time)).toBe(Date.parse("2026-01-01T10:00:00Z"));
    expect(r.data.destination).toEqual({ kind: "new_instance" });
    expect(r.data.backupId).toBeUndefined();
    expect(r.data.repositoryId).toBeUndefined();
  });

  it("sends the repository to read from only when one is chosen", () => {
    const v = initialValues({ time: "2026-01-01T10:00:00Z" });
    const id = "7d3f4c1e-8a2b-4c5d-9e6f-0a1b2c3d4e5f";
    expect(restoreFormSchema.parse({ ...v, repositoryId: id }).repositoryId).toBe(id);
  });

  it("sends an in-place restore with the typed name only: no directory or port", () => {
    const v = initialValues({ name: "before-migration" });
    const r = restoreFormSchema.safeParse({
      ...v,
      destination: { kind: "in_place", dataDir: "/ignored", port: "not a port", confirm: "prod-eu" },
    });
    expect(r.success).toBe(true);
    expect(r.data?.destination).toEqual({ kind: "in_place", confirm: "prod-eu" });
  });

  it("puts errors on the form's own paths", () => {
    const v = initialValues({ name: "before-migration" });
    expect(v.target.kind).toBe("name");
    const bad = restoreFormSchema.safeParse({
      ...v,
      target: { ...v.target, kind: "lsn", lsn: "nope" },
      destination: { dataDir: "", port: "80" },
    });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join("."));
    expect(paths).toContain("target.lsn");
    expect(paths).toContain("destination.port");
    const time = restoreFormSchema.safeParse({ ...v, target: { ...v.target, kind: "time", time: "" } });
    expect(time.error?.issues.map((i) => i.path.join("."))).toEqual(["target.time"]);
  });
});

describe("restore form timeline", () => {
  it("sends no timeline when the box is empty (latest) and the number when one is typed; refuses 0", () => {
    const start = initialValues({ time: "2026-01-01T10:00:00Z" });
    const latest = restoreFormSchema.safeParse(start);
    expect(latest.success && "timeline" in latest.data).toBe(false);
    const one = restoreFormSchema.safeParse({ ...start, timeline: " 1 " });
    expect(one.success && one.data.timeline).toBe(1);
    const zero = restoreFormSchema.safeParse({ ...start, timeline: "0" });
    expect(zero.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["timeline", "Timelines start at 1."]]);
  });
});

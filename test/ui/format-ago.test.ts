import { describe, expect, it } from "vitest";
import { formatAgo } from "@/components/ui/format";

describe("formatAgo", () => {
  const now = Date.parse("2026-11-25T12:00:00Z");
  it("says how long ago in the largest whole unit", () => {
    expect(formatAgo("2026-11-22T11:00:00Z", now)).toBe("3 days ago");
    expect(formatAgo("2026-11-25T10:59:00Z", now)).toBe("1 hour ago");
    expect(formatAgo("2026-11-25T11:55:00Z", now)).toBe("5 minutes ago");
    expect(formatAgo("2026-11-25T11:59:30Z", now)).toBe("just now");
  });
});

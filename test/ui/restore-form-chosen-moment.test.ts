import { describe, expect, it } from "vitest";
import { chosenMoment, initialValues } from "@/components/restores/restore-form-schema";

describe("the moment the restore form marks on the timeline", () => {
  it("is the typed time as an instant when the target is a time", () => {
    const picked = "2026-01-01T10:00:00.123Z";
    expect(chosenMoment(initialValues({ time: picked }).target)).toBe(picked);
  });

  it("is none for a time that does not read, or a target of another kind", () => {
    const target = initialValues({}).target;
    expect(chosenMoment({ ...target, time: "yesterday" })).toBeNull();
    expect(chosenMoment(initialValues({ name: "before-migration" }).target)).toBeNull();
  });
});

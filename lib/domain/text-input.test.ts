import { describe, expect, it } from "vitest";
import { hasControlCharacter, pgNameInput } from "@/lib/domain/text-input";

describe("hasControlCharacter", () => {
  it.each([0x00, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f, 0x2028, 0x2029])("finds U+%s", (c) => {
    expect(hasControlCharacter(`a${String.fromCodePoint(c)}b`)).toBe(true);
  });

  it("passes printable text of any script, quotes and shell syntax included", () => {
    for (const text of ["plain", "a b", "\u00a0nbsp", "~", "Производство 🐘", `O'Brien "x" $(id) \`id\` ; | &`]) {
      expect(hasControlCharacter(text), text).toBe(false);
    }
  });
});

describe("pgNameInput", () => {
  const name = pgNameInput("table name", { empty: "Enter it.", tooLong: "Too long." });
  it("takes 63 bytes and refuses 64, counted in UTF-8", () => {
    expect(name.safeParse("é".repeat(31) + "x").success).toBe(true);
    expect(name.safeParse("é".repeat(32)).error?.issues[0]?.message).toBe("Too long.");
  });
  it("refuses empty names and control characters with the field's own words", () => {
    expect(name.safeParse("").error?.issues[0]?.message).toBe("Enter it.");
    expect(name.safeParse("a\nb").error?.issues[0]?.message).toBe("The table name cannot contain control characters.");
  });
});

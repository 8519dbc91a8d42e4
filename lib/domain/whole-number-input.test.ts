import { describe, expect, it } from "vitest";
import { portInput, wholeNumberInput } from "@/lib/domain/whole-number-input";

describe("wholeNumberInput", () => {
  const n = wholeNumberInput({ min: 10, max: 20, invalid: "digits", tooSmall: "small", tooLarge: "large" });
  const message = (v: unknown) => n.safeParse(v).error?.issues[0]?.message;

  it("takes JSON numbers and strings of decimal digits (what forms send)", () => {
    expect(n.parse(15)).toBe(15);
    expect(n.parse("15")).toBe(15);
    expect(n.parse(" 015 ")).toBe(15);
  });

  it("converts nothing else", () => {
    for (const v of [true, false, null, [15], { n: 15 }, "0xf", "1.5e1", "15.0", "+15", "", "Infinity", 15.5, Number.NaN]) {
      expect(message(v), JSON.stringify(v)).toBe("digits");
    }
  });

  it("says which end of the range was missed", () => {
    expect(message(9)).toBe("small");
    expect(message("21")).toBe("large");
    expect(message("99999999999999999999")).toBe("digits");
  });
});

describe("portInput", () => {
  it("is 1–65535 unless narrowed", () => {
    expect(portInput().parse(1)).toBe(1);
    expect(portInput().safeParse(65536).error?.issues[0]?.message).toBe("Ports range from 1 to 65535.");
    expect(portInput(1024).safeParse(80).error?.issues[0]?.message).toBe("Ports range from 1024 to 65535.");
  });
});

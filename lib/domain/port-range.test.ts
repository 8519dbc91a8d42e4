import { describe, expect, it } from "vitest";
import { portsToTry } from "@/lib/domain/port-range";

describe("portsToTry", () => {
  const range = { from: 100, to: 104 };

  it("starts at the range's start without a port to move from", () => {
    expect(portsToTry(range)).toEqual([100, 101, 102, 103, 104]);
  });

  it("tries the ports after a taken one first, wraps around, and never offers the taken one", () => {
    expect(portsToTry(range, 102)).toEqual([103, 104, 100, 101]);
    expect(portsToTry(range, 104)).toEqual([100, 101, 102, 103]);
  });

  it("starts at the range's start when the taken port is outside the range", () => {
    expect(portsToTry(range, 99)).toEqual([100, 101, 102, 103, 104]);
    expect(portsToTry(range, 5432)).toEqual([100, 101, 102, 103, 104]);
  });

  it("offers nothing when the range is the taken port alone", () => {
    expect(portsToTry({ from: 7, to: 7 }, 7)).toEqual([]);
  });
});

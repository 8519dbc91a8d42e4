import { describe, expect, it } from "vitest";
import { confirmNameHint, confirmQuery, confirmsName } from "@/lib/domain/confirm-name";

describe("typed-name confirmation", () => {
  it("matches only the exact name: no trimming, no case folding", () => {
    expect(confirmsName("prod-eu", "prod-eu")).toBe(true);
    expect(confirmsName("Prod-eu", "prod-eu")).toBe(false);
    expect(confirmsName("prod-eu ", "prod-eu")).toBe(false);
    expect(confirmsName("", "prod-eu")).toBe(false);
    expect(confirmsName(`a'; DROP TABLE x; --`, `a'; DROP TABLE x; --`)).toBe(true);
  });

  it("names what to type, whether the confirmation is missing or wrong", () => {
    expect(confirmNameHint("cluster", "prod-eu", "")).toBe("Type the cluster's name, “prod-eu”, to confirm.");
    expect(confirmNameHint("backup", "b-1", "b-2")).toBe("That is not the backup's name: type “b-1” exactly to confirm.");
  });

  it("reads a missing ?confirm= as empty, so the server can still say what to type", () => {
    expect(confirmQuery.parse({})).toEqual({ confirm: "" });
    expect(confirmQuery.parse({ confirm: "prod" })).toEqual({ confirm: "prod" });
    expect(confirmQuery.safeParse({ confirm: "x".repeat(1001) }).success).toBe(false);
  });
});

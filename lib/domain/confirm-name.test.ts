import { describe, expect, it } from "vitest";
import { assertNameConfirmed, confirmNameHint, confirmQuery, confirmsName } from "@/lib/domain/confirm-name";
import { AppError } from "@/lib/errors/app-error";

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

  it("refuses a wrong confirmation with a validation error under the request's field, and passes the right one", () => {
    expect(() => assertNameConfirmed({ typed: "prod-eu", name: "prod-eu", what: "cluster", field: "confirm" })).not.toThrow();
    let err: unknown;
    try {
      assertNameConfirmed({ typed: "prod", name: "prod-eu", what: "cluster", field: "confirm" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("validation_failed");
    expect((err as AppError).message).toBe("That is not the cluster's name: type “prod-eu” exactly to confirm. Nothing was changed.");
    expect((err as AppError).fields).toEqual({ confirm: ["That is not the cluster's name: type “prod-eu” exactly to confirm."] });
  });
});

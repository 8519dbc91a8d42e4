import { describe, expect, it } from "vitest";
import { IP_LIMIT, LOGIN_WINDOW_MS, lockout, lockoutMessage, USER_LIMIT } from "@/lib/domain/login-lockout";

const now = new Date("2026-11-25T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const times = (n: number, spacingMs = 1000) => Array.from({ length: n }, (_, i) => ago(i * spacingMs));

describe("login lockout", () => {
  it("counts failures stamped just after now, as parallel attempts that started later record them", () => {
    const later = (ms: number) => new Date(now.getTime() + ms);
    const failures = [...times(USER_LIMIT - 2), later(5), later(40)];
    expect(lockout({ user: failures, ip: [] }, now)).toMatchObject({ by: "user" });
  });

  it("lets a user through until the fifth failure within fifteen minutes", () => {
    expect(lockout({ user: times(USER_LIMIT - 1), ip: [] }, now)).toBeNull();
    expect(lockout({ user: times(USER_LIMIT), ip: [] }, now)).toEqual({
      by: "user",
      retryAfterMs: LOGIN_WINDOW_MS - (USER_LIMIT - 1) * 1000,
    });
  });

  it("ignores failures older than the window and unlocks when the limit-th newest leaves it", () => {
    const old = [ago(LOGIN_WINDOW_MS), ago(LOGIN_WINDOW_MS + 1)];
    expect(lockout({ user: [...times(USER_LIMIT - 1), ...old], ip: [] }, now)).toBeNull();
    const failures = [ago(60_000), ago(120_000), ago(180_000), ago(240_000), ago(14 * 60_000)];
    expect(lockout({ user: failures, ip: [] }, now)!.retryAfterMs).toBe(60_000);
    expect(lockout({ user: failures, ip: [] }, new Date(now.getTime() + 60_000))).toBeNull();
  });

  it("locks an address after more failures than a user name, across user names", () => {
    expect(lockout({ user: [], ip: times(IP_LIMIT - 1) }, now)).toBeNull();
    expect(lockout({ user: [ago(0)], ip: times(IP_LIMIT) }, now)?.by).toBe("ip");
  });

  it("reports the longer of two locks", () => {
    const l = lockout({ user: times(USER_LIMIT, 60_000), ip: times(IP_LIMIT, 1000) }, now)!;
    expect(l).toEqual({ by: "ip", retryAfterMs: LOGIN_WINDOW_MS - (IP_LIMIT - 1) * 1000 });
  });

  it("says when to try again in whole minutes, rounded up", () => {
    expect(lockoutMessage({ by: "user", retryAfterMs: 14 * 60_000 + 1 })).toBe(
      "Too many failed sign-ins for this user name. Try again in 15 minutes.",
    );
    expect(lockoutMessage({ by: "ip", retryAfterMs: 1 })).toBe("Too many failed sign-ins for your address. Try again in 1 minute.");
  });
});

import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { groupTerminator, spawnInGroup } from "@/lib/pg/process-groups";

describe("groupTerminator", () => {
  it("sends SIGTERM, then SIGKILL to a group that ignores it", async () => {
    // The shell ignores SIGTERM and so does the sleep it waits for: only SIGKILL ends them. It
    // says so once the trap is set, so the signal never comes before it.
    const child = spawnInGroup("/bin/sh", ["-c", "trap '' TERM; echo ready; sleep 60 & wait"], { stdio: ["ignore", "pipe", "ignore"] });
    const exited = once(child, "exit");
    await once(child.stdout!, "data");
    const group = groupTerminator(child, 50);
    expect(group.terminate()).toBe(true);
    const [, signal] = await exited;
    expect(signal).toBe("SIGKILL");
  });

  it("leaves a program that already exited alone", async () => {
    const child = spawnInGroup("/bin/true", [], { stdio: "ignore" });
    await once(child, "exit");
    expect(groupTerminator(child).terminate()).toBe(false);
  });
});

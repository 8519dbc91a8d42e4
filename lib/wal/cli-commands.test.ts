import { describe, expect, it } from "vitest";
import { archiveCommandFor, restoreCommandFor } from "./cli-commands";

const cli = { command: "/opt/wayback/bin/wayback", configFile: "/etc/wayback/wal.conf" };

describe("commands PostgreSQL runs", () => {
  it("leaves plain paths as they are", () => {
    expect(archiveCommandFor(cli, "c1")).toBe("/opt/wayback/bin/wayback wal-push --cluster c1 --config /etc/wayback/wal.conf %p");
    expect(restoreCommandFor(cli, "c1", { prefetchDir: "/srv/restores/a.wal-prefetch" })).toBe(
      "/opt/wayback/bin/wayback wal-fetch --cluster c1 --config /etc/wayback/wal.conf --prefetch-dir /srv/restores/a.wal-prefetch %f %p",
    );
  });

  it("quotes paths with spaces or quotes for the shell, and doubles % for PostgreSQL", () => {
    expect(restoreCommandFor({ command: "wayback", configFile: "/etc/my conf" }, "c1", { prefetchDir: "/srv/it's 100%" })).toBe(
      `wayback wal-fetch --cluster c1 --config '/etc/my conf' --prefetch-dir '/srv/it'\\''s 100%%' %f %p`,
    );
  });

  it("names the copy repository a restore reads from", () => {
    expect(restoreCommandFor(cli, "c1", { repositoryId: "r2", prefetchDir: "/srv/p" })).toBe(
      "/opt/wayback/bin/wayback wal-fetch --cluster c1 --config /etc/wayback/wal.conf --repository r2 --prefetch-dir /srv/p %f %p",
    );
  });
});

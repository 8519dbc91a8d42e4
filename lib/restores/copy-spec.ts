import type { Restore } from "@/lib/db/generated/client";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { InstanceSpec } from "@/lib/pg/instance";
import { resolveServerUser } from "@/lib/pg/os-user";

/** The local instance a restore made (its data directory and port), run as the server's OS user. */
export async function copySpec(
  r: Pick<Restore, "dataDir" | "port">,
  opts: { bins: PgBinaries; osUserName: string },
): Promise<InstanceSpec> {
  return { dataDir: r.dataDir, port: r.port, bins: opts.bins, osUser: await resolveServerUser(opts.osUserName) };
}

import type { ConnectionTarget } from "@/lib/pg/connect";
import { withClient } from "@/lib/pg/with-connection";

/**
 * The role a new instance is reached with (the source cluster's login): created when the globals
 * did not bring it — a superuser, as the login that dumped could read everything — and given the
 * password Wayback holds for it, so the same password works on the copy as on the source.
 */
export async function ensureLoginRole(superuser: ConnectionTarget, login: { user: string; password: string | null }): Promise<void> {
  await withClient(superuser, async (c) => {
    const role = c.escapeIdentifier(login.user);
    const { rowCount } = await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [login.user]);
    if (!rowCount) await c.query(`CREATE ROLE ${role} SUPERUSER`);
    await c.query(`ALTER ROLE ${role} LOGIN${login.password === null ? "" : ` PASSWORD ${c.escapeLiteral(login.password)}`}`);
  });
}

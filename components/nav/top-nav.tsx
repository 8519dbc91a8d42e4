import Link from "next/link";
import { SignOutButton } from "@/components/nav/sign-out-button";
import { NavLink } from "@/components/ui/nav-link";
import { AlertsNavLink } from "@/components/alerts/alert-badge";
import { accessPermissions } from "@/components/users/permissions";
import type { Role } from "@/lib/domain/roles";

/** The bar at the top of every signed-in page. */
export function TopNav({ username, role }: { username: string; role: Role }) {
  const access = accessPermissions(role);
  return (
    <header className="border-b border-neutral-800 bg-neutral-900 text-neutral-100">
      <nav aria-label="Main" className="mx-auto flex h-11 max-w-7xl items-center gap-6 px-4">
        <Link href="/clusters" className="font-semibold tracking-tight text-white">
          Wayback
        </Link>
        <ul className="flex items-center gap-1 text-sm">
          <li>
            <NavLink href="/clusters">Clusters</NavLink>
          </li>
          <li>
            <NavLink href="/backups">Backups</NavLink>
          </li>
          <li>
            <NavLink href="/dumps">Dumps</NavLink>
          </li>
          <li>
            <NavLink href="/restores">Restores</NavLink>
          </li>
          <li>
            <NavLink href="/policies">Policies</NavLink>
          </li>
          <li>
            <NavLink href="/repositories">Repositories</NavLink>
          </li>
          <li>
            <NavLink href="/workers">Workers</NavLink>
          </li>
          <li>
            <AlertsNavLink />
          </li>
          <li>
            <NavLink href="/notifications">Notifications</NavLink>
          </li>
          {access.manageUsers ? (
            <li>
              <NavLink href="/users">Users</NavLink>
            </li>
          ) : null}
          {access.viewAudit ? (
            <li>
              <NavLink href="/audit">Audit</NavLink>
            </li>
          ) : null}
        </ul>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <Link href="/users/me" title="Your account: change your password" className="text-neutral-300 hover:text-white">
            <span className="sr-only">Signed in as </span>
            <span className="font-medium text-white">{username}</span>
            <span className="ml-1.5 rounded bg-neutral-800 px-1.5 py-0.5 text-xs text-neutral-400">{role}</span>
          </Link>
          <SignOutButton />
        </div>
      </nav>
    </header>
  );
}

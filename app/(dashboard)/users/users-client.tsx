"use client";

import { useQueryClient } from "@tanstack/react-query";
import type { ApiTokenView } from "@/lib/auth/api-token-view";
import type { UserView } from "@/lib/auth/user-view";
import { apiFetch } from "@/components/ui/api";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { QueryList } from "@/components/ui/query-list";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { TokenForm } from "@/components/users/token-form";
import { tokenKeys, useTokens } from "@/components/users/token-queries";
import { UserForm } from "@/components/users/user-form";
import { UserPasswordDialog } from "@/components/users/user-password-dialog";
import { userKeys, useUsers } from "@/components/users/user-queries";
import { UserRoleSelect } from "@/components/users/user-role-select";

const TOKEN_TONE: Record<ApiTokenView["state"], Tone> = { active: "green", expired: "amber", revoked: "grey" };

export function UsersClient({ currentUserId }: { currentUserId: string }) {
  const users = useUsers();
  const tokens = useTokens();
  return (
    <>
      <PageHeader
        title="Users"
        summary="Viewers see everything but secrets; operators also back up, verify, drill, restore into new instances and acknowledge alerts; admins also restore in place, delete, and manage clusters, repositories, notifications, users and tokens."
      />
      <div className="space-y-8">
        <section aria-labelledby="users-heading" className="space-y-3">
          <h2 id="users-heading" className="text-base font-semibold">
            People
          </h2>
          <QueryList query={users} what="users" empty="No users.">
            {(rows) => <UsersTable users={rows} currentUserId={currentUserId} />}
          </QueryList>
          <UserForm />
        </section>
        <section aria-labelledby="tokens-heading" className="space-y-3">
          <h2 id="tokens-heading" className="text-base font-semibold">
            API tokens
          </h2>
          <p className="text-sm text-neutral-600">
            For scripts and CI: <code className="font-mono">Authorization: Bearer &lt;token&gt;</code> on any /api/v1 route, described at{" "}
            <a className="text-sky-700 underline" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>
            . A token acts as its user with at most the user&apos;s role, and stops working when it expires or is revoked.
          </p>
          <QueryList query={tokens} what="API tokens" empty="No API tokens yet.">
            {(rows) => <TokensTable tokens={rows} />}
          </QueryList>
          {users.data ? <TokenForm users={users.data} /> : null}
        </section>
      </div>
    </>
  );
}

function UsersTable({ users, currentUserId }: { users: UserView[]; currentUserId: string }) {
  const queryClient = useQueryClient();
  return (
    <DataTable
      caption="Users"
      columns={[
        { label: "User name" },
        { label: "Role" },
        { label: "Sessions", numeric: true },
        { label: "Last seen" },
        { label: "Added" },
        { label: "Actions", hidden: true },
      ]}
    >
      {users.map((u) => (
        <tr key={u.id} className="align-top hover:bg-neutral-50">
          <td className="px-3 py-2 font-medium">
            {u.username}
            {u.id === currentUserId ? <span className="ml-1.5 text-xs font-normal text-neutral-500">(you)</span> : null}
          </td>
          <td className="px-3 py-2">
            <UserRoleSelect user={u} />
          </td>
          <td className="px-3 py-2 text-right tabular-nums">{u.activeSessions}</td>
          <td className="px-3 py-2">
            <Time iso={u.lastSeenAt} />
          </td>
          <td className="px-3 py-2">
            <Time iso={u.createdAt} />
          </td>
          <td className="px-3 py-2 text-right whitespace-nowrap">
            <span className="inline-flex gap-2">
              <UserPasswordDialog user={u} />
              <ConfirmDialog
                id={`remove-user-${u.id}`}
                trigger="Remove"
                triggerLabel={`Remove user ${u.username}`}
                title={`Remove ${u.username}?`}
                confirm="Remove user"
                busyText="Removing…"
                action={async () => {
                  await apiFetch<void>(`/api/v1/users/${encodeURIComponent(u.id)}`, { method: "DELETE" });
                  await queryClient.invalidateQueries({ queryKey: userKeys.all });
                  await queryClient.invalidateQueries({ queryKey: tokenKeys.all });
                }}
              >
                Their sessions and API tokens end at once. What they did stays in the audit log under their name. The last admin cannot be
                removed.
              </ConfirmDialog>
            </span>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function TokensTable({ tokens }: { tokens: ApiTokenView[] }) {
  const queryClient = useQueryClient();
  return (
    <DataTable
      caption="API tokens"
      columns={[
        { label: "Name" },
        { label: "Token" },
        { label: "User" },
        { label: "Role" },
        { label: "State" },
        { label: "Expires" },
        { label: "Last used" },
        { label: "Actions", hidden: true },
      ]}
    >
      {tokens.map((t) => (
        <tr key={t.id} className="align-top hover:bg-neutral-50">
          <td className="px-3 py-2 font-medium">{t.name}</td>
          <td className="px-3 py-2 font-mono text-xs">{t.prefix}…</td>
          <td className="px-3 py-2">{t.user.username}</td>
          <td className="px-3 py-2">{t.role}</td>
          <td className="px-3 py-2">
            <StatusBadge tone={TOKEN_TONE[t.state]}>{t.state}</StatusBadge>
          </td>
          <td className="px-3 py-2">{t.expiresAt ? <Time iso={t.expiresAt} /> : <span className="text-neutral-500">never</span>}</td>
          <td className="px-3 py-2">
            <Time iso={t.lastUsedAt} />
          </td>
          <td className="px-3 py-2 text-right">
            {t.state === "revoked" ? null : (
              <ConfirmDialog
                id={`revoke-token-${t.id}`}
                trigger="Revoke"
                triggerLabel={`Revoke token ${t.name}`}
                title={`Revoke token ${t.name}?`}
                confirm="Revoke token"
                busyText="Revoking…"
                action={async () => {
                  await apiFetch<void>(`/api/v1/tokens/${encodeURIComponent(t.id)}`, { method: "DELETE" });
                  await queryClient.invalidateQueries({ queryKey: tokenKeys.all });
                }}
              >
                Whatever uses {t.prefix}… gets 401 from its next request. This cannot be undone: create a new token instead.
              </ConfirmDialog>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ROLES, type Role } from "@/lib/domain/roles";
import type { UserView } from "@/lib/auth/user-view";
import { apiFetch, errorMessage } from "@/components/ui/api";
import { inputClass } from "@/components/ui/form-field";
import { tokenKeys } from "@/components/users/token-queries";
import { userKeys } from "@/components/users/user-queries";

/** Changes a user's role as soon as another is chosen; the server refuses demoting the last admin. */
export function UserRoleSelect({ user }: { user: UserView }) {
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (role: Role) =>
      apiFetch<{ user: UserView }>(`/api/v1/users/${encodeURIComponent(user.id)}`, { method: "PATCH", body: { role } }),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
      await queryClient.invalidateQueries({ queryKey: tokenKeys.all });
    },
  });
  const errorId = `user-role-${user.id}-error`;
  return (
    <div>
      <select
        aria-label={`Role of ${user.username}`}
        aria-invalid={change.isError}
        aria-describedby={change.isError ? errorId : undefined}
        className={`${inputClass} w-32 py-1`}
        value={change.isPending ? change.variables : user.role}
        disabled={change.isPending}
        onChange={(e) => change.mutate(e.target.value as Role)}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      {change.isError ? (
        <p id={errorId} role="alert" className="mt-1 max-w-xs text-xs text-red-700">
          {errorMessage(change.error)}
        </p>
      ) : null}
    </div>
  );
}

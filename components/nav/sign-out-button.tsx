"use client";

import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiFetch, errorMessage } from "@/components/ui/api";

/** Ends the session (DELETE /api/v1/session) and returns to the sign-in page. */
export function SignOutButton() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: async () => {
      try {
        await apiFetch<void>("/api/v1/session", { method: "DELETE" });
      } catch (err) {
        // An expired session is already signed out.
        if (!(err instanceof ApiError && err.status === 401)) throw err;
      }
    },
    onSuccess: () => {
      queryClient.clear();
      router.replace("/login");
      router.refresh();
    },
  });

  return (
    <span className="flex items-center gap-2">
      {signOut.isError ? (
        <span role="alert" className="text-xs text-red-300">
          {errorMessage(signOut.error)}
        </span>
      ) : null}
      <button
        type="button"
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending || signOut.isSuccess}
        className="rounded px-2 py-1 text-sm text-neutral-300 hover:bg-neutral-800 hover:text-white focus-visible:outline-2 focus-visible:outline-sky-400 disabled:opacity-50"
      >
        Sign out
      </button>
    </span>
  );
}

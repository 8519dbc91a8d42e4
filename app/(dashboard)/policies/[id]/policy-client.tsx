"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { PageHeader } from "@/components/ui/page-header";
import { PolicyForm } from "@/components/policies/policy-form";
import { useDeletePolicy, usePolicy } from "@/components/policies/policy-queries";

export function PolicyClient({ id, canEdit }: { id: string; canEdit: boolean }) {
  const policy = usePolicy(id);
  const remove = useDeletePolicy(id);
  const router = useRouter();
  const p = policy.data;
  return (
    <>
      <PageHeader
        title={p?.name ?? "Policy"}
        back={
          <Link href="/policies" className="text-sky-800 hover:underline">
            ← Policies
          </Link>
        }
        summary={
          p ? (p.clusters.length > 0 ? `Used by ${p.clusters.map((c) => c.name).join(", ")}.` : "No cluster uses this policy yet.") : null
        }
        actions={
          canEdit && p ? (
            <button
              type="button"
              className={buttonClass("danger")}
              disabled={remove.isPending}
              onClick={() => remove.mutate(undefined, { onSuccess: () => router.push("/policies") })}
            >
              Remove policy
            </button>
          ) : null
        }
      />
      <ErrorAlert message={remove.error ? errorMessage(remove.error) : null} />
      {policy.isError ? <ErrorAlert title="Could not load the policy." message={errorMessage(policy.error)} /> : null}
      {p ? (
        <PolicyForm key={p.id} policy={p} canEdit={canEdit} />
      ) : policy.isPending ? (
        <p className="text-sm text-neutral-500">Loading…</p>
      ) : null}
    </>
  );
}

"use client";

import type { RepositoryPreviewView, RetentionPreviewView } from "@/lib/retention/retention-view";
import { formatBytes } from "@/components/ui/format";
import { RetentionStrip } from "@/components/policies/retention-strip";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

/**
 * The dry run of a policy's retention against one cluster's real backups: what stays, what goes,
 * and why, in the primary repository and in each copy repository (planned with its own policy's
 * counts, or these).
 */
export function RetentionPreview({ preview: p }: { preview: RetentionPreviewView }) {
  if (p.copies.length === 0) return <RepositoryPreview preview={p} testId="retention-preview" />;
  return (
    <div className="space-y-4" data-testid="retention-preview">
      <section className="space-y-1">
        <h3 className="text-sm font-semibold">Primary repository</h3>
        <RepositoryPreview preview={p} />
      </section>
      {p.copies.map((c) => (
        <section key={c.repositoryId} className="space-y-1" data-testid="retention-preview-copy">
          <h3 className="text-sm font-semibold">
            Copy repository {c.name}{" "}
            <span className="font-normal text-neutral-500">({c.policyName ? `policy ${c.policyName}` : "these counts"})</span>
          </h3>
          <RepositoryPreview preview={c} />
        </section>
      ))}
    </div>
  );
}

function RepositoryPreview({ preview: p, testId }: { preview: RepositoryPreviewView; testId?: string }) {
  return (
    <div className="space-y-2 text-sm" data-testid={testId}>
      {p.stopped ? (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900">
          {p.stopped}
        </p>
      ) : null}
      <p>
        {p.recoverableSince.after ? (
          <>
            You will be able to restore to any moment since{" "}
            <strong>
              <Time iso={p.recoverableSince.after} />
            </strong>
            {p.recoverableSince.now && p.recoverableSince.now !== p.recoverableSince.after ? (
              <span className="text-neutral-500">
                {" "}
                (today: since <Time iso={p.recoverableSince.now} />)
              </span>
            ) : null}
            .
          </>
        ) : (
          "No recoverable window: this cluster has no complete backup with its WAL."
        )}
      </p>
      <p className="text-neutral-600" data-testid="retention-preview-summary">
        {p.backups.length - p.expireCount} kept, {p.expireCount} expire{p.expireCount > 0 ? ` (${formatBytes(p.expireBytes)} freed)` : ""}.
        {p.walKeptBecause ? ` ${p.walKeptBecause}` : " WAL older than the oldest kept backup is removed."}
      </p>
      <RetentionStrip preview={p} />
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase text-neutral-500">
          <tr>
            <th className="py-1 pr-3 font-medium">Backup</th>
            <th className="py-1 pr-3 font-medium">Finished</th>
            <th className="py-1 pr-3 font-medium">Outcome</th>
            <th className="py-1 font-medium">Rule</th>
          </tr>
        </thead>
        <tbody>
          {p.backups.map((b) => (
            <tr key={b.id} className="border-t border-neutral-100">
              <td className="py-1 pr-3 font-mono text-xs">{b.label}</td>
              <td className="py-1 pr-3">
                <Time iso={b.stopTime} />
              </td>
              <td className="py-1 pr-3">
                {b.keep ? <StatusBadge tone="green">Kept</StatusBadge> : <StatusBadge tone="red">Expires</StatusBadge>}
              </td>
              <td className="py-1 text-neutral-700">{b.reasons.join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

"use client";

import Link from "next/link";
import type { DumpDetailView } from "@/lib/dumps/dump-view";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { BackupFilesTable } from "@/components/backups/backup-files-table";
import { buttonClass } from "@/components/ui/button-styles";
import { DumpProgress } from "@/components/dumps/dump-progress";
import { useDump, useVerifyDump } from "@/components/dumps/dump-queries";
import { DumpRestoreForm } from "@/components/dumps/dump-restore-form";
import { DumpRestoresTable } from "@/components/dumps/dump-restores-table";
import { dumpStatus, FORMAT_LABELS, verifiedLabel } from "@/components/dumps/dump-status";
import { DumpToc } from "@/components/dumps/dump-toc";
import { formatBytes, formatDuration } from "@/components/ui/format";
import { LoadFailure } from "@/components/ui/load-failure";
import { PageHeader } from "@/components/ui/page-header";
import { SectionHeading } from "@/components/ui/section-heading";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

export function DumpClient({ id, permissions }: { id: string; permissions: { dump: boolean; restore: boolean; restoreOver: boolean } }) {
  const dump = useDump(id);
  if (!dump.data) {
    if (dump.isError) return <LoadFailure error={dump.error} what="dump" backHref="/dumps" backLabel="← Back to dumps" />;
    return <p className="text-sm text-neutral-500">Loading dump…</p>;
  }
  const d = dump.data;
  const status = dumpStatus(d.status);
  return (
    <>
      <PageHeader
        back={
          <span className="flex gap-3">
            <Link href="/dumps" className="text-sky-800 hover:underline">
              ← Dumps
            </Link>
            <Link href={`/clusters/${encodeURIComponent(d.clusterId)}`} className="text-sky-800 hover:underline">
              {d.clusterName}
            </Link>
          </span>
        }
        title={
          <span className="flex items-center gap-3">
            <span className="truncate">Dump of {d.database}</span>
            <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
          </span>
        }
        summary={`${FORMAT_LABELS[d.format]} dump of database “${d.database}” on ${d.clusterName}.`}
      />
      <div className="space-y-5">
        {dump.isError ? (
          <ErrorAlert title="Could not refresh this dump; showing the last known state." message={errorMessage(dump.error)} />
        ) : null}
        {d.status === "failed" && d.error ? (
          <div className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
            <p className="font-medium">The dump failed.</p>
            <p className="break-words">{d.error}</p>
          </div>
        ) : null}
        {d.status === "running" ? <DumpProgress dump={d} measuredAt={dump.dataUpdatedAt} /> : null}

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
          <section aria-labelledby="summary-heading">
            <SectionHeading id="summary-heading">Summary</SectionHeading>
            <Summary dump={d} />
          </section>
          <section aria-labelledby="verify-heading">
            <SectionHeading id="verify-heading">Verification</SectionHeading>
            <Verification dump={d} canVerify={permissions.dump} />
          </section>
        </div>

        {d.toc ? (
          <section aria-labelledby="toc-heading">
            <SectionHeading id="toc-heading">Table of contents</SectionHeading>
            <DumpToc toc={d.toc} summary={d.tocSummary} />
          </section>
        ) : null}

        {d.status === "complete" && permissions.restore ? (
          <section aria-labelledby="restore-heading">
            <SectionHeading id="restore-heading">Restore</SectionHeading>
            <DumpRestoreForm dump={d} canRestoreOver={permissions.restoreOver} />
          </section>
        ) : null}

        {d.restores.length ? (
          <section aria-labelledby="restores-heading">
            <SectionHeading id="restores-heading">Restores of this dump</SectionHeading>
            <DumpRestoresTable restores={d.restores} canDiscard={permissions.restore} />
          </section>
        ) : null}

        <section aria-labelledby="files-heading">
          <SectionHeading id="files-heading">Files</SectionHeading>
          <BackupFilesTable files={d.files} />
        </section>

        <section>
          <SectionHeading id="log-heading">Job log</SectionHeading>
          {d.jobLog ? (
            <pre
              aria-label="Job log"
              tabIndex={0}
              className="max-h-[32rem] overflow-auto rounded bg-neutral-900 px-3 py-2 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words text-neutral-100"
            >
              {d.jobLog}
            </pre>
          ) : (
            <p className="text-sm text-neutral-500">No log was recorded for this dump.</p>
          )}
        </section>
      </div>
    </>
  );
}

function Summary({ dump: d }: { dump: DumpDetailView }) {
  const o = d.options;
  const names = (list: { schema: string; name: string }[]) => list.map((t) => `${t.schema}.${t.name}`).join(", ");
  const rows: [string, React.ReactNode][] = [
    ["Database", d.database],
    ["Format", `${FORMAT_LABELS[d.format]}${d.jobs > 1 ? `, ${d.jobs} jobs` : ""}`],
    [
      "Compression",
      d.format === "plain"
        ? "None (plain SQL)"
        : d.compressLevel === null
          ? "pg_dump default"
          : d.compressLevel === 0
            ? "None"
            : `gzip level ${d.compressLevel}`,
    ],
    ["Roles and tablespaces", d.globals ? "Included (globals.sql)" : "Not included"],
    ["Started", <Time key="t" iso={d.startedAt} />],
    ["Duration", d.durationMs === null ? "—" : formatDuration(d.durationMs)],
    ["Dump / verify", `${d.dumpMs === null ? "—" : formatDuration(d.dumpMs)} / ${d.verifyMs === null ? "—" : formatDuration(d.verifyMs)}`],
    ["Tables dumped", String(d.tablesDumped)],
    ["Database size", formatBytes(d.databaseSizeBytes)],
    ["Stored", formatBytes(d.storedSizeBytes)],
    ["PostgreSQL", d.pgVersion ?? "—"],
  ];
  if (o.includeSchemas.length) rows.push(["Only schemas", o.includeSchemas.join(", ")]);
  if (o.excludeSchemas.length) rows.push(["Without schemas", o.excludeSchemas.join(", ")]);
  if (o.includeTables.length) rows.push(["Only tables", names(o.includeTables)]);
  if (o.excludeTables.length) rows.push(["Without tables", names(o.excludeTables)]);
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded border border-neutral-200 bg-white px-3 py-2.5 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-neutral-500">{term}</dt>
          <dd className="break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Verification({ dump: d, canVerify }: { dump: DumpDetailView; canVerify: boolean }) {
  const verify = useVerifyDump(d.id);
  const v = verifiedLabel(d);
  return (
    <div className="space-y-2 rounded border border-neutral-200 bg-white px-3 py-2.5 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <StatusBadge tone={v.tone}>{v.label}</StatusBadge>
        <span className="text-neutral-700">
          {d.verified === false
            ? "Do not rely on this dump."
            : "pg_restore reads the whole archive; the files are checked against their checksums."}
        </span>
      </p>
      {d.verifyDetail ? (
        <pre
          aria-label="Verification result"
          className="overflow-x-auto rounded bg-neutral-50 px-2.5 py-1.5 font-mono text-xs whitespace-pre-wrap break-words text-neutral-800 ring-1 ring-neutral-200 ring-inset"
        >
          {d.verifyDetail}
        </pre>
      ) : null}
      {canVerify && d.status === "complete" ? (
        <button type="button" className={buttonClass("secondary")} disabled={verify.isPending} onClick={() => verify.mutate()}>
          Verify again
        </button>
      ) : null}
      {verify.isError ? <ErrorAlert title="The verification did not start." message={errorMessage(verify.error)} /> : null}
      {verify.isSuccess ? <p className="text-neutral-600">Verification started; the result appears here when it finishes.</p> : null}
    </div>
  );
}

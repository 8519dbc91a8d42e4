import type { ArchiveView } from "@/lib/timeline/timeline-view";
import { CopyButton } from "@/components/ui/copy-button";
import { formatBytes, formatExactBytes } from "@/components/ui/format";
import type { StatusLabel } from "@/components/ui/status-badge";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

type ReceiverState = NonNullable<ArchiveView["receiver"]>["state"];

const RECEIVER: Record<ReceiverState, StatusLabel> = {
  starting: { label: "Starting", tone: "blue" },
  streaming: { label: "Streaming", tone: "green" },
  retrying: { label: "Retrying", tone: "amber" },
  stopped: { label: "Stopped", tone: "grey" },
  failed: { label: "Failed", tone: "red" },
  store_failing: { label: "Cannot store WAL", tone: "red" },
};

/** The streaming receiver's state in words. */
export function receiverStatus(state: ReceiverState): StatusLabel {
  return RECEIVER[state];
}

const dash = <span className="text-neutral-400">—</span>;

/**
 * How the cluster's WAL reaches the repository, and how far it has got. Wayback's own
 * archive_command and restore_command are left out for a pgBackRest cluster (`waybackCommands`
 * false): its archive is the stanza's, whose archive_command the stanza panel gives, and its
 * restores fetch WAL with archive-get.
 */
export function ArchivingPanel({ archive, waybackCommands }: { archive: ArchiveView; waybackCommands: boolean }) {
  return (
    <div className="space-y-3 rounded border border-neutral-200 bg-white px-3 py-2.5 text-sm">
      <Facts
        rows={[
          ["Mode", archive.mode === "streaming" ? "Streaming (pg_receivewal)" : "archive_command"],
          ...(archive.mode === "streaming" ? receiverRows(archive.receiver) : []),
          ["Segments archived", archive.segmentCount.toLocaleString("en-US")],
          ["Newest segment", archive.newestSegment ? <Mono key="s">{archive.newestSegment}</Mono> : dash],
          ["Newest archived", <Time key="t" iso={archive.newestArchivedAt} />],
        ]}
      />
      {waybackCommands && archive.mode === "archive_command" ? (
        <CommandBlock
          title="archive_command"
          hint="Set this in postgresql.conf (with archive_mode = on), then reload PostgreSQL."
          command={archive.archiveCommand}
        />
      ) : null}
      {waybackCommands ? (
        <CommandBlock
          title="restore_command"
          hint="What a restored server uses to fetch WAL from the repository."
          command={archive.restoreCommand}
        />
      ) : null}
    </div>
  );
}

function receiverRows(receiver: ArchiveView["receiver"]): [string, React.ReactNode][] {
  if (!receiver)
    return [
      [
        "Receiver",
        <span key="r" className="text-neutral-600">
          Not started yet
        </span>,
      ],
    ];
  const state = RECEIVER[receiver.state];
  return [
    [
      "Receiver",
      <span key="r" className="flex flex-wrap items-center gap-2">
        <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
        <span className="text-xs text-neutral-500">
          slot <Mono>{receiver.slotName}</Mono>, updated <Time iso={receiver.updatedAt} />
        </span>
      </span>,
    ],
    ["Restarts", receiver.restarts.toLocaleString("en-US")],
    [
      "Last error",
      receiver.lastError ? (
        <span key="e" className="break-words text-red-800">
          {receiver.lastError}
        </span>
      ) : (
        dash
      ),
    ],
    ["Last segment", receiver.lastSegment ? <Mono key="l">{receiver.lastSegment}</Mono> : dash],
    [
      "Slot lag",
      receiver.slotLagBytes === null ? (
        dash
      ) : (
        <span key="g" title={formatExactBytes(receiver.slotLagBytes)} className="tabular-nums">
          {formatBytes(receiver.slotLagBytes)}{" "}
          <span className="text-neutral-500">({receiver.slotLagBytes.toLocaleString("en-US")} bytes)</span>
        </span>
      ),
    ],
  ];
}

function Facts({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1.5">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-neutral-500">{term}</dt>
          <dd className="min-w-0 text-neutral-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Mono({ children }: { children: React.ReactNode }) {
  return <span className="font-mono text-[0.8125rem] break-all">{children}</span>;
}

function CommandBlock({ title, hint, command }: { title: string; hint: string; command: string }) {
  const id = `command-${title}`;
  return (
    <div>
      <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
        <h3 id={id} className="font-mono text-xs font-semibold text-neutral-700">
          {title}
        </h3>
        <CopyButton text={command} label={`Copy ${title}`} />
      </div>
      <pre
        aria-labelledby={id}
        className="overflow-x-auto rounded bg-neutral-900 px-2.5 py-1.5 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all text-neutral-100"
      >
        <code>{command}</code>
      </pre>
      <p className="mt-1 text-xs text-neutral-500">{hint}</p>
    </div>
  );
}

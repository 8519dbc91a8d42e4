"use client";

import type { UseFormRegister } from "react-hook-form";
import type { BackupView } from "@/lib/backups/backup-view";
import type { RestorePointView } from "@/lib/restore-points/list-restore-points";
import { describeLocalZone, formatLocalTime, formatUtcTime, fractionOf, parseLocalInput } from "@/components/ui/format";
import { BackupSelect } from "@/components/backups/backup-select";
import { FormField, inputClass } from "@/components/ui/form-field";
import type { RestoreFormInput, TargetKind } from "@/components/restores/restore-form-schema";

const KINDS: { kind: TargetKind; label: string; hint: string }[] = [
  { kind: "time", label: "A moment in time", hint: "recovery_target_time" },
  { kind: "name", label: "A restore point", hint: "recovery_target_name" },
  { kind: "lsn", label: "An LSN", hint: "recovery_target_lsn" },
  { kind: "xid", label: "A transaction id", hint: "recovery_target_xid" },
  { kind: "immediate", label: "End of a backup", hint: "recovery_target = 'immediate'" },
  { kind: "latest", label: "Latest", hint: "all archived WAL" },
];

interface TargetFieldsProps {
  register: UseFormRegister<RestoreFormInput>;
  kind: TargetKind;
  time: string;
  /** The chosen restore point's name, listed even when the cluster does not know it (a stale link). */
  name: string;
  restorePoints: readonly RestorePointView[];
  backups: readonly BackupView[];
  /** The message to show under a control (client validation, then the server's answer). */
  errorFor: (path: string) => string | undefined;
}

/** "Restore to": the kind of target, then the one control that kind needs. */
export function RestoreTargetFields(props: TargetFieldsProps) {
  const { register, errorFor } = props;
  const kindError = errorFor("target.kind");
  return (
    <fieldset className="space-y-3" aria-describedby={kindError ? "restore-kind-error" : undefined}>
      <legend className="mb-2 text-sm font-semibold text-neutral-800">Restore to</legend>
      <div className="grid grid-cols-1 gap-x-4 gap-y-1.5 sm:grid-cols-2">
        {KINDS.map((k) => (
          // The PostgreSQL setting sits outside the label, so each radio is named by its words alone.
          <div key={k.kind} className="flex flex-wrap items-baseline gap-x-2 text-sm text-neutral-800">
            <label className="flex items-baseline gap-2">
              <input type="radio" value={k.kind} className="size-4 accent-neutral-900" {...register("target.kind")} />
              {k.label}
            </label>
            <span className="font-mono text-xs text-neutral-500">{k.hint}</span>
          </div>
        ))}
      </div>
      {kindError ? (
        <p id="restore-kind-error" className="text-xs text-red-700">
          {kindError}
        </p>
      ) : null}
      <div className="max-w-xl">
        <KindControl {...props} />
      </div>
    </fieldset>
  );
}

function KindControl({ register, kind, time, name, restorePoints, backups, errorFor }: TargetFieldsProps) {
  switch (kind) {
    case "time":
      return (
        <div className="space-y-2">
          <FormField id="restore-time" label="Time" error={errorFor("target.time")} hint={<TimePreview text={time} />}>
            {(a) => (
              <input
                {...a}
                type="text"
                autoComplete="off"
                spellCheck={false}
                placeholder="YYYY-MM-DD HH:MM:SS"
                className={`${inputClass} font-mono`}
                {...register("target.time")}
              />
            )}
          </FormField>
          <div className="flex items-center gap-2">
            <input id="restore-inclusive" type="checkbox" className="size-4 accent-neutral-900" {...register("target.inclusive")} />
            <label htmlFor="restore-inclusive" className="text-sm text-neutral-800">
              Include transactions committed at that exact moment
            </label>
          </div>
        </div>
      );
    case "name":
      return (
        <div className="space-y-2">
          <FormField
            id="restore-point"
            label="Restore point"
            error={errorFor("target.name")}
            hint={
              restorePoints.length === 0
                ? "This cluster has no restore points yet: create one from the cluster page."
                : "If a name repeats, recovery stops at the first one replayed."
            }
          >
            {(a) => (
              <select {...a} className={`${inputClass} font-mono`} {...register("target.name")}>
                <option value="">Choose a restore point</option>
                {name && !restorePoints.some((r) => r.name === name) ? <option value={name}>{name} (not known to Wayback)</option> : null}
                {uniqueByName(restorePoints).map((r) => (
                  <option key={r.name} value={r.name}>
                    {r.name} ({formatLocalTime(r.createdAt)})
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </div>
      );
    case "lsn":
      return (
        <div className="space-y-2">
          <FormField
            id="restore-lsn"
            label="LSN"
            error={errorFor("target.lsn")}
            hint="As PostgreSQL prints it, e.g. from pg_current_wal_lsn()."
          >
            {(a) => (
              <input
                {...a}
                type="text"
                autoComplete="off"
                spellCheck={false}
                placeholder="16/B374D848"
                className={`${inputClass} font-mono`}
                {...register("target.lsn")}
              />
            )}
          </FormField>
        </div>
      );
    case "xid":
      return (
        <div className="space-y-2">
          <FormField
            id="restore-xid"
            label="Transaction id"
            error={errorFor("target.xid")}
            hint="Recovery stops at this transaction's commit: just after it, or just before it with the box below unticked."
          >
            {(a) => (
              <input
                {...a}
                type="text"
                inputMode="numeric"
                autoComplete="off"
                spellCheck={false}
                placeholder="7418323"
                className={`${inputClass} font-mono`}
                {...register("target.xid")}
              />
            )}
          </FormField>
          <div className="flex items-center gap-2">
            <input id="restore-xid-inclusive" type="checkbox" className="size-4 accent-neutral-900" {...register("target.inclusive")} />
            <label htmlFor="restore-xid-inclusive" className="text-sm text-neutral-800">
              Include this transaction (off: restore to just before it)
            </label>
          </div>
        </div>
      );
    case "immediate":
      return (
        <div className="space-y-2">
          <BackupSelect
            id="restore-immediate-backup"
            label="Backup"
            error={errorFor("target.backupId")}
            hint="The copy is made consistent and stops at the end of this backup."
            none="Choose a backup"
            backups={backups}
            registration={register("target.backupId")}
          />
        </div>
      );
    case "latest":
      return (
        <p className="text-sm text-neutral-600">Replays every archived WAL segment after the backup: the newest state Wayback holds.</p>
      );
  }
}

/** "Local (Europe/Berlin, UTC+01:00): … UTC: …" for what is typed, or how to type it. */
function TimePreview({ text }: { text: string }) {
  const parsed = text.trim() ? parseLocalInput(text) : null;
  if (!parsed || !parsed.ok) return <>In your browser&apos;s time zone ({describeLocalZone(new Date())}), e.g. 2025-11-24 23:27:05.</>;
  const iso = parsed.date.toISOString();
  // Fractions of a second are kept to the microsecond: show them in both readings.
  const fraction = fractionOf(parsed.date, parsed.micros);
  return (
    <span className="flex flex-wrap gap-x-4 tabular-nums">
      <span>
        Local ({describeLocalZone(parsed.date)}):{" "}
        <span className="font-mono text-neutral-700">
          {formatLocalTime(iso)}
          {fraction}
        </span>
      </span>
      <span>
        UTC: <span className="font-mono text-neutral-700">{formatUtcTime(iso).replace(" UTC", `${fraction} UTC`)}</span>
      </span>
    </span>
  );
}

function uniqueByName(points: readonly RestorePointView[]): RestorePointView[] {
  const seen = new Set<string>();
  return points.filter((r) => (seen.has(r.name) ? false : (seen.add(r.name), true)));
}

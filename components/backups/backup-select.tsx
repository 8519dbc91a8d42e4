import type { UseFormRegisterReturn } from "react-hook-form";
import type { BackupView } from "@/lib/backups/backup-view";
import { FormField, inputClass } from "@/components/ui/form-field";
import { formatLocalTime } from "@/components/ui/format";

/** A backup to pick, each named with the moment it is consistent at; `none` is the empty choice's text. */
export function BackupSelect(props: {
  id: string;
  label: string;
  hint: string;
  error: string | undefined;
  none: string;
  backups: readonly BackupView[];
  registration: UseFormRegisterReturn;
  className?: string;
}) {
  return (
    <FormField className={props.className} id={props.id} label={props.label} error={props.error} hint={props.hint}>
      {(a) => (
        <select {...a} className={inputClass} {...props.registration}>
          <option value="">{props.none}</option>
          {props.backups.map((b) => (
            <option key={b.id} value={b.id}>
              {`${b.label} (consistent at ${formatLocalTime(b.stopTime ?? b.finishedAt ?? b.startedAt)})`}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}

import type { BackupDetailView } from "@/lib/backups/backup-view";
import { formatBytes, formatExactBytes } from "@/components/ui/format";

/** The objects a backup stored in its repository, with the checksums verification compares. */
export function BackupFilesTable({ files }: { files: BackupDetailView["files"] }) {
  if (files.length === 0) return <p className="text-sm text-neutral-500">No files stored.</p>;
  const total = files.reduce((n, f) => n + f.sizeBytes, 0);
  return (
    <div className="overflow-x-auto rounded border border-neutral-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Files</caption>
        <thead className="border-b border-neutral-200 bg-neutral-50 text-xs uppercase tracking-wide text-neutral-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Name
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Size
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              SHA-256
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-100">
          {files.map((f) => (
            <tr key={f.name} className="align-top">
              <td className="px-3 py-2 font-mono text-xs break-all">{f.name}</td>
              <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap" title={formatExactBytes(f.sizeBytes)}>
                {formatBytes(f.sizeBytes)}
              </td>
              <td className="px-3 py-2 font-mono text-xs break-all text-neutral-700">{f.sha256}</td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t border-neutral-200 bg-neutral-50">
          <tr>
            <th scope="row" className="px-3 py-2 text-left font-medium">
              {files.length} {files.length === 1 ? "file" : "files"}
            </th>
            <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap" title={formatExactBytes(total)}>
              {formatBytes(total)}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

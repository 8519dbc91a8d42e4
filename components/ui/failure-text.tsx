/** The first non-empty line of a message, and whether more follows. */
export function splitFirstLine(text: string): { first: string; rest: string | null } {
  const lines = text.trim().split("\n");
  const first = lines[0]!.trim();
  const rest = lines.slice(1).join("\n").trim();
  return { first, rest: rest === "" ? null : rest };
}

/**
 * A failure in one line, the rest (a PostgreSQL log, a tool's output) behind a disclosure, so a
 * table cell or a banner stays readable however long the message is.
 */
export function FailureText({ error, what = "Full message" }: { error: string; what?: string }) {
  const { first, rest } = splitFirstLine(error);
  return (
    <div className="mt-1 max-w-xs text-xs whitespace-normal text-red-800">
      <p className="break-words">{first}</p>
      {rest ? (
        <details className="mt-0.5">
          <summary className="cursor-pointer text-neutral-600 hover:text-neutral-900">{what}</summary>
          <pre className="mt-1 max-h-64 overflow-auto rounded bg-neutral-50 px-2 py-1.5 font-mono whitespace-pre-wrap break-words text-neutral-800 ring-1 ring-neutral-200 ring-inset">
            {rest}
          </pre>
        </details>
      ) : null}
    </div>
  );
}

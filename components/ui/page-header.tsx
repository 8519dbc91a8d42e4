/** A page's title row: heading and optional summary on the left, actions on the right. */
export function PageHeader({
  title,
  summary,
  actions,
  back,
}: {
  title: React.ReactNode;
  summary?: React.ReactNode;
  actions?: React.ReactNode;
  back?: React.ReactNode;
}) {
  return (
    <div className="mb-5 flex flex-wrap items-end justify-between gap-3 border-b border-neutral-200 pb-3">
      <div className="min-w-0">
        {back ? <div className="mb-1 text-sm">{back}</div> : null}
        <h1 className="truncate text-xl font-semibold tracking-tight">{title}</h1>
        {summary ? <div className="mt-1 text-sm text-neutral-600">{summary}</div> : null}
      </div>
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}

/** A visible, announced error area. Renders nothing when there is no message. */
export function ErrorAlert({ message, title }: { message: string | null | undefined; title?: string }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      {title ? <p className="font-medium">{title}</p> : null}
      <p>{message}</p>
    </div>
  );
}

import Link from "next/link";
import { ApiError, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";

/** Why a page's main record could not be shown, with a way back. */
export function LoadFailure({ error, what, backHref, backLabel }: { error: unknown; what: string; backHref: string; backLabel: string }) {
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <div className="space-y-3">
      <ErrorAlert
        title={notFound ? `This ${what} does not exist.` : `Could not load the ${what}.`}
        message={notFound ? `It may have been removed.` : errorMessage(error)}
      />
      <Link href={backHref} className="text-sm text-sky-800 hover:underline">
        {backLabel}
      </Link>
    </div>
  );
}

import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { appContext } from "@/lib/app-context";
import { currentPageUser } from "@/lib/auth/page-session";
import { isOidcFailure, OIDC_FAILURES } from "@/lib/domain/oidc-failures";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { LoginForm } from "@/app/login/login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentPageUser()) redirect("/clusters");
  const { oidc, localSignIn } = appContext().config;
  // Only a known reason is shown, as its fixed text: nothing from the URL reaches the page.
  const sso = (await searchParams).sso;
  const ssoError = isOidcFailure(sso) ? OIDC_FAILURES[sso].message : null;
  return (
    <main className="flex min-h-screen items-start justify-center px-4 pt-[12vh]">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 text-xl font-semibold tracking-tight">Wayback</h1>
        <p className="mb-6 text-sm text-neutral-500">PostgreSQL backup and recovery. Sign in to continue.</p>
        {oidc ? (
          <div className="mb-6 space-y-4">
            <ErrorAlert message={ssoError} />
            {/* A plain link: the provider's page is a navigation, and no token passes through script. */}
            <a href="/api/v1/session/oidc/start" className={`${buttonClass("primary")} w-full`}>
              Sign in with {oidc.displayName}
            </a>
          </div>
        ) : null}
        {localSignIn === "off" ? null : (
          <>
            {oidc ? (
              <p className="mb-2 text-sm text-neutral-500">
                {localSignIn === "admins" ? "Administrators can also sign in with a password (break-glass):" : "Or with a password:"}
              </p>
            ) : null}
            <LoginForm />
          </>
        )}
      </div>
    </main>
  );
}

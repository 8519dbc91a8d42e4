import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentPageUser } from "@/lib/auth/page-session";
import { LoginForm } from "@/app/login/login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage() {
  if (await currentPageUser()) redirect("/clusters");
  return (
    <main className="flex min-h-screen items-start justify-center px-4 pt-[12vh]">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 text-xl font-semibold tracking-tight">Wayback</h1>
        <p className="mb-6 text-sm text-neutral-500">PostgreSQL backup and recovery. Sign in to continue.</p>
        <LoginForm />
      </div>
    </main>
  );
}

import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-session";
import { PageHeader } from "@/components/ui/page-header";
import { UserPasswordChangeForm } from "@/components/users/user-password-change-form";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requirePageUser();
  return (
    <>
      <PageHeader title="Your account" summary={`Signed in as ${user.username}, with the ${user.role} role. An admin changes roles.`} />
      <UserPasswordChangeForm />
    </>
  );
}

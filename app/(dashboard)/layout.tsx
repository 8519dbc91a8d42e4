import { requirePageUser } from "@/lib/auth/page-session";
import { TopNav } from "@/components/nav/top-nav";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  return (
    <>
      <TopNav username={user.username} role={user.role} />
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </>
  );
}

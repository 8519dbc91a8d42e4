"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** A top-bar link, marked as current on its own page and the pages below it. */
export function NavLink({ href, children }: { href: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={`rounded px-2 py-1 hover:bg-neutral-800 hover:text-white ${current ? "bg-neutral-800 text-white" : "text-neutral-300"}`}
    >
      {children}
    </Link>
  );
}

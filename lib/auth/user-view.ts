import type { Role } from "@/lib/domain/roles";

export interface UserView {
  id: string;
  username: string;
  role: Role;
  createdAt: string;
  /** Sessions not expired or revoked. */
  activeSessions: number;
  /** When the user last did something in a browser session, if ever. */
  lastSeenAt: string | null;
}

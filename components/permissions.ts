import { hasRole, type Role } from "@/lib/auth/roles";

/**
 * What a role may do on cluster pages, mirroring the roles the API routes require
 * (app/api/v1/clusters/**). The API enforces them; the UI only hides buttons that would be refused.
 */
export interface ClusterPermissions {
  /** Add, edit and remove clusters (admin). */
  manage: boolean;
  /** Start a connection check (operator). */
  check: boolean;
}

export function clusterPermissions(role: Role): ClusterPermissions {
  return { manage: hasRole(role, "admin"), check: hasRole(role, "operator") };
}

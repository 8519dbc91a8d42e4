import { hasRole, type Role } from "@/lib/domain/roles";

/**
 * What a role may do on cluster pages, mirroring the roles the API routes require
 * (app/api/v1/clusters/**). The API enforces them; the UI only hides buttons that would be refused.
 */
export interface ClusterPermissions {
  /** Add, edit and remove clusters (admin). */
  manage: boolean;
  /** Start a connection check (operator). */
  check: boolean;
  /** Start a backup with "Back up now" (operator). */
  backup: boolean;
  /** Start a restore and create restore points (operator). */
  restore: boolean;
  /** Restore in place, over the cluster itself (admin). */
  restoreInPlace: boolean;
  /** Run verifications and restore drills (operator). */
  prove: boolean;
  /** Acknowledge the cluster's alerts (operator). */
  acknowledge: boolean;
}

export function clusterPermissions(role: Role): ClusterPermissions {
  return {
    manage: hasRole(role, "admin"),
    check: hasRole(role, "operator"),
    backup: hasRole(role, "operator"),
    restore: hasRole(role, "operator"),
    restoreInPlace: hasRole(role, "admin"),
    prove: hasRole(role, "operator"),
    acknowledge: hasRole(role, "operator"),
  };
}

/** What a role may do on the repositories page (app/api/v1/repositories/**: adding and removing is admin). */
export function repositoryPermissions(role: Role): { manage: boolean; test: boolean } {
  return { manage: hasRole(role, "admin"), test: hasRole(role, "operator") };
}

/** Alerts are acknowledged by operators (POST /api/v1/alerts/:id/acknowledge). */
export function alertPermissions(role: Role): { acknowledge: boolean } {
  return { acknowledge: hasRole(role, "operator") };
}

/** Notification channels are added, changed, tested and removed by admins (app/api/v1/notification-channels/**). */
export function notificationPermissions(role: Role): { manage: boolean } {
  return { manage: hasRole(role, "admin") };
}

/** Users, API tokens and the audit log are admin business (app/api/v1/users/**, tokens/**, audit). */
export function accessPermissions(role: Role): { manageUsers: boolean; viewAudit: boolean } {
  return { manageUsers: hasRole(role, "admin"), viewAudit: hasRole(role, "admin") };
}

/**
 * Dumps (the dumps routes under app/api/v1): operators dump and restore into new databases; restoring over an
 * existing database (clean) is an admin's decision.
 */
export function dumpPermissions(role: Role): { dump: boolean; restore: boolean; restoreOver: boolean } {
  return { dump: hasRole(role, "operator"), restore: hasRole(role, "operator"), restoreOver: hasRole(role, "admin") };
}

/** Policies are created, changed, assigned and enforced by admins (app/api/v1/policies/**, PUT …/policy, POST …/retention). */
export function policyPermissions(role: Role): { manage: boolean } {
  return { manage: hasRole(role, "admin") };
}

/** Backups are deleted by admins (DELETE /api/v1/backups/:id). */
export function backupPermissions(role: Role): { delete: boolean } {
  return { delete: hasRole(role, "admin") };
}

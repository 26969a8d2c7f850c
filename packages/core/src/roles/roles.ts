/** Roles that may manage credentials unless `managerRoles` says otherwise. */
export const DEFAULT_MANAGER_ROLES: ReadonlyArray<string> = ['admin', 'credentials-manager']

/** Roles that may read the audit log without managing credentials. */
export const DEFAULT_AUDIT_ROLES: ReadonlyArray<string> = ['auditor']

export interface RoleConfig {
  readonly managerRoles: ReadonlyArray<string>
  readonly auditRoles: ReadonlyArray<string>
}

export const defaultRoleConfig: RoleConfig = {
  managerRoles: DEFAULT_MANAGER_ROLES,
  auditRoles: DEFAULT_AUDIT_ROLES,
}

/**
 * Whether the actor may create, edit, delete, reveal and sync credentials, i.e. whether a UI
 * shows the Credentials tab. Pass the platform's own role names (aliases such as
 * `manage-credentials`) as `managerRoles`.
 */
export function canManage(
  actor: { readonly roles: ReadonlyArray<string> },
  managerRoles: ReadonlyArray<string> = DEFAULT_MANAGER_ROLES,
): boolean {
  return actor.roles.some((role) => managerRoles.includes(role))
}

/** Whether the actor may read the account's audit log (managers and audit roles). */
export function canReadAudit(actor: { readonly roles: ReadonlyArray<string> }, config: RoleConfig): boolean {
  return canManage(actor, config.managerRoles) || actor.roles.some((role) => config.auditRoles.includes(role))
}

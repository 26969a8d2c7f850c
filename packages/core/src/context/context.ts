import type { AcmeOptions } from '../acme/ambient.js'
import { type Clock, systemClock } from '../ports/clock.js'
import type { KeyPort } from '../ports/key-port.js'
import { type Random, systemRandom } from '../ports/random.js'
import type { RegionPort } from '../ports/region-port.js'
import type { StoragePort } from '../ports/storage-port.js'
import { DEFAULT_AUDIT_ROLES, DEFAULT_MANAGER_ROLES, type RoleConfig } from '../roles/roles.js'
import { type LifecycleSettings, resolveLifecycle } from './lifecycle.js'
import { resolveSyncSettings, type SyncSettings } from './settings.js'

/** Options of `createCredentials`. */
export interface CredentialsOptions {
  readonly storage: StoragePort
  readonly regions: RegionPort
  readonly keys: KeyPort
  readonly clock?: Clock
  readonly random?: Random
  /** Roles that manage credentials (default `admin`, `credentials-manager`). */
  readonly managerRoles?: ReadonlyArray<string>
  /** Roles that may read the audit log without managing (default `auditor`). */
  readonly auditRoles?: ReadonlyArray<string>
  readonly sync?: Partial<SyncSettings>
  /**
   * ACME provider configs: `{ allowAmbientCredentials: true }` accepts configs that use the
   * platform's own cloud identity (single-tenant installs only; refused by default).
   */
  readonly acme?: AcmeOptions
  /** Version history: how many earlier versions each credential keeps (`keep`, default 10; 0 keeps none). */
  readonly history?: { readonly keep?: number }
  /**
   * Soft delete: days a deleted credential can be restored before it is purged for good
   * (`recoveryDays`, default 7; 0 purges at once).
   */
  readonly deletion?: { readonly recoveryDays?: number }
}

/** Everything a use case (`service/`) or the sync engine (`sync/`) needs, resolved once. */
export interface ServiceContext {
  readonly storage: StoragePort
  readonly regions: RegionPort
  readonly keys: KeyPort
  readonly clock: Clock
  readonly random: Random
  readonly roles: RoleConfig
  readonly sync: SyncSettings
  readonly acme: AcmeOptions
  readonly lifecycle: LifecycleSettings
}

export function createContext(options: CredentialsOptions): ServiceContext {
  return {
    storage: options.storage,
    regions: options.regions,
    keys: options.keys,
    clock: options.clock ?? systemClock,
    random: options.random ?? systemRandom,
    roles: {
      managerRoles: options.managerRoles ?? DEFAULT_MANAGER_ROLES,
      auditRoles: options.auditRoles ?? DEFAULT_AUDIT_ROLES,
    },
    sync: resolveSyncSettings(options.sync),
    acme: { allowAmbientCredentials: options.acme?.allowAmbientCredentials === true },
    lifecycle: resolveLifecycle(options),
  }
}

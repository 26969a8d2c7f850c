import type { AcmeOptions } from '../acme/ambient.js'
import { warmChainKey } from '../audit/chain-key.js'
import { CredentialsError, isCredentialsError } from '../errors.js'
import type { CredentialRecord } from '../model/credential-records.js'
import { parseInput } from '../model/validate.js'
import { type Clock, systemClock } from '../ports/clock.js'
import type { KeyPort } from '../ports/key-port.js'
import { type Random, systemRandom } from '../ports/random.js'
import type { RegionPort } from '../ports/region-port.js'
import type { StoragePort, StorageTx } from '../ports/storage-port.js'
import { Actor } from '../roles/actor.js'
import {
  canManage,
  canReadAudit,
  DEFAULT_AUDIT_ROLES,
  DEFAULT_MANAGER_ROLES,
  type RoleConfig,
} from '../roles/roles.js'
import { retryDelayMs } from '../sync/backoff.js'
import { resolveSyncSettings, type SyncSettings } from '../sync/settings.js'

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
}

/** Everything a service function needs, resolved once. */
export interface ServiceContext {
  readonly storage: StoragePort
  readonly regions: RegionPort
  readonly keys: KeyPort
  readonly clock: Clock
  readonly random: Random
  readonly roles: RoleConfig
  readonly sync: SyncSettings
  readonly acme: AcmeOptions
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
  }
}

const MAX_TX_ATTEMPTS = 8
/** Backoff between two runs of a transaction that lost a race: 5 ms doubling, capped at 250 ms. */
export const TX_RETRY_BACKOFF = { baseDelayMs: 5, maxDelayMs: 250 } as const

/**
 * Runs `fn` in a transaction, again when a concurrent writer won a race (retryable `CONFLICT`),
 * up to 8 runs, waiting a jittered, doubling delay on the clock between runs so writers that
 * collided do not collide again in lockstep.
 */
export async function transact<T>(
  ctx: ServiceContext,
  accountId: string,
  fn: (tx: StorageTx) => Promise<T>,
): Promise<T> {
  await warmChainKey(ctx.storage, ctx, accountId).catch(() => undefined)
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.storage.withTransaction(fn, { account: accountId })
    } catch (error) {
      if (attempt >= MAX_TX_ATTEMPTS || !isCredentialsError(error, 'CONFLICT') || !error.retryable)
        throw error
    }
    await ctx.clock.sleep(retryDelayMs(TX_RETRY_BACKOFF, attempt, ctx.random))
  }
}

/** @throws CredentialsError VALIDATION_FAILED */
export function requireActor(actor: unknown): Actor {
  return parseInput(Actor, actor, ['actor'])
}

/** @throws CredentialsError VALIDATION_FAILED | FORBIDDEN */
export function requireManager(ctx: ServiceContext, actor: unknown): Actor {
  const parsed = requireActor(actor)
  if (!canManage(parsed, ctx.roles.managerRoles)) {
    throw new CredentialsError('FORBIDDEN', 'Managing credentials requires a credentials manager role')
  }
  return parsed
}

/** Whether `actorInput` is a valid actor holding a role for `what` under this instance's roles. */
export function actorCan(ctx: ServiceContext, actorInput: unknown, what: 'manage' | 'read-audit'): boolean {
  const parsed = Actor.safeParse(actorInput)
  if (!parsed.success) return false
  return what === 'manage'
    ? canManage(parsed.data, ctx.roles.managerRoles)
    : canReadAudit(parsed.data, ctx.roles)
}

/** A row of the account, or `NOT_FOUND` (also for another account's id). */
export async function loadCredential(
  tx: StorageTx,
  accountId: string,
  id: string,
): Promise<CredentialRecord> {
  const record = await tx.credentials.get(accountId, id)
  if (!record)
    throw new CredentialsError('NOT_FOUND', 'No credential with this id in the account', { field: 'id' })
  return record
}

/** The audit actor of a user call. */
export function userActor(actor: Actor): { type: 'user'; userId: string } {
  return { type: 'user', userId: actor.userId }
}

/** The credential reference audit events carry: id, type, name. */
export function auditRef(record: CredentialRecord): {
  id: string
  type: CredentialRecord['type']
  name: string
} {
  return { id: record.id, type: record.type, name: record.name }
}

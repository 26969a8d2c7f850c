import { isBytes } from '@noble/ciphers/utils.js'
import { encodeLengthPrefixed } from '../crypto/length-prefixed.js'
import { CredentialsError } from '../errors.js'
import type { AuditChainKey } from '../model/audit-records.js'
import type { Clock } from '../ports/clock.js'
import type { KeyPort } from '../ports/key-port.js'
import type { Random } from '../ports/random.js'
import type { StoragePort, StorageTx } from '../ports/storage-port.js'

const CHAIN_KEY_LENGTH = 32
const CONTEXT_TAG = 'credkit/audit-chain-key/v1'

/** What appending an audit event needs: `ServiceContext` satisfies it. */
export interface AuditDeps {
  readonly clock: Clock
  readonly random: Random
  readonly keys: KeyPort
}

/** Associated data of a chain key's wrap: the tag, accountId, keyId and firstSeq, length-prefixed. */
export function chainKeyContext(key: Pick<AuditChainKey, 'accountId' | 'keyId' | 'firstSeq'>): Uint8Array {
  return encodeLengthPrefixed([CONTEXT_TAG, key.accountId, key.keyId, key.firstSeq])
}

/**
 * Unwraps a stored chain key with the KeyPort.
 * @throws CredentialsError CRYPTO_FAILED: unknown key-encryption key, or the record was altered
 */
export async function unwrapChainKey(keys: KeyPort, record: AuditChainKey): Promise<Uint8Array> {
  let key: Uint8Array
  try {
    key = await keys.unwrap(record.kekId, record.wrapped, chainKeyContext(record))
  } catch (cause) {
    throw new CredentialsError(
      'CRYPTO_FAILED',
      'The audit chain key could not be unwrapped (unknown key id, or the key record was altered)',
      { cause },
    )
  }
  if (!isBytes(key) || key.length !== CHAIN_KEY_LENGTH) {
    if (isBytes(key)) key.fill(0)
    throw new CredentialsError('CRYPTO_FAILED', 'The unwrapped audit chain key has the wrong length')
  }
  return key
}

/**
 * Re-wraps a chain key under the KeyPort's primary key; the key itself, and so every MAC made
 * with it, stays the same.
 * @throws CredentialsError CRYPTO_FAILED
 */
export async function rewrapChainKey(
  keys: KeyPort,
  record: AuditChainKey,
): Promise<{ kekId: string; wrapped: Uint8Array }> {
  const key = await unwrapChainKey(keys, record)
  try {
    const { keyId, wrapped } = await keys.wrap(key, chainKeyContext(record))
    return { kekId: keyId, wrapped }
  } catch (cause) {
    throw new CredentialsError('CRYPTO_FAILED', 'Could not wrap the audit chain key', { cause })
  } finally {
    key.fill(0)
  }
}

const MAX_CACHED = 10_000
/**
 * Unwrapped chain keys per service instance (`deps`), by `accountId \0 keyId`. They live as long as
 * the instance (a WeakMap entry) and are wiped when evicted; there is no close hook to wipe them sooner.
 */
const caches = new WeakMap<object, Map<string, Uint8Array>>()

function remember(deps: AuditDeps, accountId: string, keyId: string, key: Uint8Array): void {
  let cache = caches.get(deps)
  if (!cache) {
    cache = new Map()
    caches.set(deps, cache)
  }
  cache.set(`${accountId}\0${keyId}`, key)
  if (cache.size > MAX_CACHED) {
    const [oldest, bytes] = cache.entries().next().value as [string, Uint8Array]
    bytes.fill(0)
    cache.delete(oldest)
  }
}

/**
 * Unwraps the account's newest chain key into the cache before a transaction starts, so the
 * KeyPort call (a KMS round trip) of a cold cache does not run while the transaction holds a
 * connection and the account's lock. Costs nothing once the key is cached; failures are left to
 * the append inside the transaction, which reports them fail-closed.
 */
export async function warmChainKey(storage: StoragePort, deps: AuditDeps, accountId: string): Promise<void> {
  let seen = warmed.get(deps)
  if (!seen) {
    seen = new Set()
    warmed.set(deps, seen)
  }
  if (seen.has(accountId)) return
  const keys = await storage.withTransaction((tx) => tx.audit.chainKeys(accountId), { atomic: false })
  const latest = keys.at(-1)
  if (latest && !caches.get(deps)?.has(`${accountId}\0${latest.keyId}`)) {
    remember(deps, accountId, latest.keyId, await unwrapChainKey(deps.keys, latest))
  }
  if (seen.size >= MAX_CACHED) seen.clear()
  if (latest) seen.add(accountId)
}

/** Accounts whose newest chain key `warmChainKey` already looked up, per service instance. */
const warmed = new WeakMap<object, Set<string>>()

/** The key an append MACs with (cached: the caller must not wipe it). */
export interface CurrentChainKey {
  readonly keyId: string
  readonly key: Uint8Array
}

/**
 * The chain key for the account's next event. When the head event is keyed and its key is cached,
 * no storage read and no KeyPort call happen. Otherwise it reads the account's newest chain key
 * (unwrapping it once per instance), or creates the account's first one, starting at the next
 * seq: the events before it stay an unkeyed legacy prefix. A created key is cached at once: if its
 * transaction rolls back, no stored event names it, so the cached entry is never used.
 * @throws CredentialsError CRYPTO_FAILED | CONFLICT (retryable: another writer created the key)
 */
export async function currentChainKey(
  tx: StorageTx,
  deps: AuditDeps,
  accountId: string,
  head: { seq: number; keyId?: string | null | undefined } | null,
): Promise<CurrentChainKey> {
  if (head?.keyId) {
    const cached = caches.get(deps)?.get(`${accountId}\0${head.keyId}`)
    if (cached) return { keyId: head.keyId, key: cached }
  }
  const latest = (await tx.audit.chainKeys(accountId)).at(-1)
  if (latest) {
    const key = await unwrapChainKey(deps.keys, latest)
    remember(deps, accountId, latest.keyId, key)
    return { keyId: latest.keyId, key }
  }
  const key = deps.random.bytes(CHAIN_KEY_LENGTH)
  try {
    const record = { accountId, keyId: `ck-${deps.random.id()}`, firstSeq: (head?.seq ?? 0) + 1 }
    let wrapped: { keyId: string; wrapped: Uint8Array }
    try {
      wrapped = await deps.keys.wrap(key, chainKeyContext(record))
    } catch (cause) {
      throw new CredentialsError('CRYPTO_FAILED', 'Could not wrap the audit chain key', { cause })
    }
    await tx.audit.addChainKey({
      ...record,
      kekId: wrapped.keyId,
      wrapped: wrapped.wrapped,
      createdAt: deps.clock.now(),
    })
    remember(deps, accountId, record.keyId, key)
    return { keyId: record.keyId, key }
  } catch (error) {
    key.fill(0)
    throw error
  }
}

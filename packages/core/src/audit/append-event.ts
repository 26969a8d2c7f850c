import { CredentialsError, isCredentialsError } from '../errors.js'
import type { AuditEvent, AuditEventInput } from '../model/audit-records.js'
import type { StorageTx } from '../ports/storage-port.js'
import { type AuditDeps, currentChainKey } from './chain-key.js'
import { computeEventHash, computeEventMac, GENESIS_HASH } from './hash-chain.js'

/**
 * Appends one event to the account's chain inside `tx`, MACed under the account's chain key
 * (see `currentChainKey`). Fail-closed: any failure to write rejects, so the caller's transaction
 * rolls back. A lost race on the chain head stays a retryable
 * `CONFLICT`; anything else becomes `AUDIT_FAILED`.
 * @throws CredentialsError AUDIT_FAILED | CONFLICT
 */
export async function appendAuditEvent(
  tx: StorageTx,
  deps: AuditDeps,
  accountId: string,
  input: AuditEventInput,
): Promise<AuditEvent> {
  try {
    const head = await tx.audit.head(accountId)
    const chainKey = await currentChainKey(tx, deps, accountId, head)
    // Members in the order the canonical JSON sorts them: hashing then skips the sort.
    const unsigned: Omit<AuditEvent, 'hash'> = {
      accountId,
      action: input.action,
      actor: input.actor,
      at: deps.clock.now(),
      credential: input.credential,
      fields: input.fields ?? null,
      id: deps.random.id(),
      keyId: chainKey.keyId,
      message: input.message ?? null,
      outcome: input.outcome,
      prevHash: head?.hash ?? GENESIS_HASH,
      references: input.references ?? null,
      region: input.region ?? null,
      seq: (head?.seq ?? 0) + 1,
    }
    const hash = computeEventHash(unsigned)
    const event: AuditEvent = { ...unsigned, hash, mac: computeEventMac(chainKey.key, hash) }
    await tx.audit.append([event])
    return event
  } catch (error) {
    throw auditWriteFailed(error)
  }
}

/**
 * What a failed audit write rejects with: a lost race on the chain head stays the retryable
 * `CONFLICT` (the transaction runs again), anything else is `AUDIT_FAILED`.
 */
export function auditWriteFailed(error: unknown): unknown {
  if (isCredentialsError(error, 'CONFLICT') && error.retryable) return error
  if (isCredentialsError(error, 'AUDIT_FAILED')) return error
  return new CredentialsError('AUDIT_FAILED', 'The audit event could not be written; nothing was changed', {
    cause: error,
  })
}

import { z } from 'zod'
import { appendAuditEvent } from '../audit/append-event.js'
import { rewrapEnvelope } from '../crypto/envelope.js'
import { parseInput } from '../domain/validate.js'
import { isCredentialsError } from '../errors.js'
import { auditRef, type ServiceContext, transact } from './context.js'
import { bindingOf } from './secrets.js'

export interface RotateKeysProgress {
  /** Envelopes re-wrapped under the primary key in this run. */
  readonly rotated: number
  /** Rows that changed under us (rotated or rewritten by someone else) and were left alone. */
  readonly skipped: number
  /** Rows whose envelope could not be opened (`CRYPTO_FAILED`): listed, never half-written. */
  readonly failed: ReadonlyArray<{ accountId: string; id: string }>
  readonly primaryKeyId: string
}

const RotateKeysOptionsSchema = z.strictObject({
  batchSize: z.number({ error: 'expected a number' }).int().min(1).max(10_000).optional(),
  onProgress: z
    .custom<(progress: RotateKeysProgress) => void>((v) => typeof v === 'function', 'expected a function')
    .optional(),
  signal: z.custom<AbortSignal>((v) => v instanceof AbortSignal, 'expected an AbortSignal').optional(),
})

export interface RotateKeysOptions {
  readonly batchSize?: number
  readonly onProgress?: (progress: RotateKeysProgress) => void
  readonly signal?: AbortSignal
}

/**
 * Re-wraps every data key under the KeyPort's current primary key, without touching payloads.
 * Works in batches, each row in its own transaction with its audit event; safe to interrupt and
 * run again (it resumes with the rows still under an old key).
 * @throws CredentialsError VALIDATION_FAILED (batchSize) | STORAGE_FAILED | AUDIT_FAILED
 */
export async function rotateKeys(
  ctx: ServiceContext,
  input?: RotateKeysOptions | null,
): Promise<RotateKeysProgress> {
  const options = parseInput(RotateKeysOptionsSchema, input ?? {}, ['options'])
  const batchSize = options.batchSize ?? 100
  const primaryKeyId = await ctx.keys.primaryKeyId()
  let rotated = 0
  let skipped = 0
  const failed: { accountId: string; id: string }[] = []
  let after: { accountId: string; id: string } | null = null
  for (;;) {
    options.signal?.throwIfAborted()
    const batch = await ctx.storage.credentials.listNotUnderKey(primaryKeyId, after, batchSize)
    for (const row of batch) {
      after = { accountId: row.accountId, id: row.id }
      let next: { envelope: Uint8Array; keyId: string }
      try {
        next = await rewrapEnvelope(ctx.keys, bindingOf(row), row.envelope)
      } catch (error) {
        if (!isCredentialsError(error, 'CRYPTO_FAILED')) throw error
        failed.push({ accountId: row.accountId, id: row.id })
        continue
      }
      const done = await transact(ctx, row.accountId, async (tx) => {
        if (!(await tx.credentials.replaceEnvelope(row.accountId, row.id, row, next))) return false
        await appendAuditEvent(tx, ctx, row.accountId, {
          actor: { type: 'system', reason: 'key-rotation' },
          action: 'credential.keys-rotated',
          credential: auditRef(row),
          outcome: 'success',
          message: `Data key re-wrapped under key ${next.keyId}`,
        })
        return true
      })
      if (done) rotated++
      else skipped++
    }
    options.onProgress?.({ rotated, skipped, failed, primaryKeyId })
    if (batch.length < batchSize) break
  }
  return { rotated, skipped, failed, primaryKeyId }
}

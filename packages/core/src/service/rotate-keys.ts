import { equalBytes } from '@noble/ciphers/utils.js'
import { z } from 'zod'
import { appendAuditEvent } from '../audit/append-event.js'
import { rewrapChainKey } from '../audit/chain-key.js'
import type { ServiceContext } from '../context/context.js'
import { auditRef } from '../context/guards.js'
import { autocommit, transact } from '../context/transact.js'
import { CORRUPT_PAYLOAD_FIELD, rewrapEnvelope } from '../crypto/envelope.js'
import { bindingOf } from '../domain/secrets.js'
import { isCredentialsError } from '../errors.js'
import { parseInput } from '../validate.js'
import type { RotateKeysFailure, RotateKeysProgress } from './rotate-progress.js'
import { rotateVersions } from './rotate-versions.js'

export type { RotateKeysFailure, RotateKeysProgress } from './rotate-progress.js'

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
 * Re-wraps every data key (current rows, then the earlier versions kept in history), then every
 * audit chain key, under the KeyPort's current primary key,
 * without touching payloads or MACs. A payload is opened (AEAD check) before its data key is
 * re-wrapped; one that does not open is reported in `failed` and left as it is. Works in batches,
 * each row in its own transaction with its audit event; safe to interrupt and run again (it
 * resumes with the rows still under an old key).
 * @throws CredentialsError VALIDATION_FAILED (batchSize) | STORAGE_FAILED | AUDIT_FAILED
 */
export async function rotateKeys(
  ctx: ServiceContext,
  input?: RotateKeysOptions | null,
): Promise<RotateKeysProgress> {
  const options = parseInput(RotateKeysOptionsSchema, input ?? {}, ['options'])
  const batchSize = options.batchSize ?? 100
  const primaryKeyId = await ctx.keys.primaryKeyId()
  const progress = {
    rotated: 0,
    skipped: 0,
    failed: [] as Array<{ accountId: string; id: string; reason: RotateKeysFailure }>,
    versions: {
      rotated: 0,
      skipped: 0,
      failed: [] as Array<{ accountId: string; id: string; version: number; reason: RotateKeysFailure }>,
    },
    chainKeys: { rotated: 0, skipped: 0, failed: [] as Array<{ accountId: string; keyId: string }> },
    primaryKeyId,
  }
  let after: { accountId: string; id: string } | null = null
  for (;;) {
    options.signal?.throwIfAborted()
    const batch = await autocommit(ctx, (tx) =>
      tx.credentials.listNotUnderKey(primaryKeyId, after, batchSize),
    )
    for (const row of batch) {
      after = { accountId: row.accountId, id: row.id }
      let next: { envelope: Uint8Array; keyId: string }
      try {
        next = await rewrapEnvelope(ctx.keys, bindingOf(row), row.envelope)
      } catch (error) {
        if (!isCredentialsError(error, 'CRYPTO_FAILED')) throw error
        const reason = error.field === CORRUPT_PAYLOAD_FIELD ? 'payload-corrupt' : 'unwrap-failed'
        progress.failed.push({ accountId: row.accountId, id: row.id, reason })
        continue
      }
      const done = await transact(ctx, row.accountId, async (tx) => {
        // Re-sealed by an update or rotated by someone else meanwhile: skipped.
        const current = await tx.credentials.get(row.accountId, row.id)
        if (current?.keyId !== row.keyId || current.secretVersion !== row.secretVersion) return false
        await tx.credentials.update({ ...current, ...next })
        await appendAuditEvent(tx, ctx, row.accountId, {
          actor: { type: 'system', reason: 'key-rotation' },
          action: 'credential.keys-rotated',
          credential: auditRef(row),
          outcome: 'success',
          message: `Data key re-wrapped under key ${next.keyId}`,
        })
        return true
      })
      if (done) progress.rotated++
      else progress.skipped++
    }
    options.onProgress?.(snapshot(progress))
    if (batch.length < batchSize) break
  }
  await rotateVersions(ctx, { ...options, batchSize }, progress, snapshot)
  await rotateChainKeys(ctx, { ...options, batchSize }, progress)
  return snapshot(progress)
}

function snapshot(progress: RotateKeysProgress): RotateKeysProgress {
  return {
    ...progress,
    failed: [...progress.failed],
    versions: { ...progress.versions, failed: [...progress.versions.failed] },
    chainKeys: { ...progress.chainKeys, failed: [...progress.chainKeys.failed] },
  }
}

async function rotateChainKeys(
  ctx: ServiceContext,
  options: {
    batchSize: number
    onProgress?: ((p: RotateKeysProgress) => void) | undefined
    signal?: AbortSignal | undefined
  },
  progress: RotateKeysProgress & {
    chainKeys: { rotated: number; skipped: number; failed: Array<{ accountId: string; keyId: string }> }
  },
): Promise<void> {
  let after: { accountId: string; keyId: string } | null = null
  for (;;) {
    options.signal?.throwIfAborted()
    const batch = await autocommit(ctx, (tx) =>
      tx.audit.listChainKeysNotUnderKey(progress.primaryKeyId, after, options.batchSize),
    )
    for (const record of batch) {
      after = { accountId: record.accountId, keyId: record.keyId }
      let next: { kekId: string; wrapped: Uint8Array }
      try {
        next = await rewrapChainKey(ctx.keys, record)
      } catch (error) {
        if (!isCredentialsError(error, 'CRYPTO_FAILED')) throw error
        progress.chainKeys.failed.push(after)
        continue
      }
      const done = await transact(ctx, record.accountId, async (tx) => {
        const current = (await tx.audit.chainKeys(record.accountId)).find((k) => k.keyId === record.keyId)
        if (current?.kekId !== record.kekId || !equalBytes(current.wrapped, record.wrapped)) return false
        await tx.audit.replaceChainKeyWrap(record.accountId, record.keyId, next)
        await appendAuditEvent(tx, ctx, record.accountId, {
          actor: { type: 'system', reason: 'key-rotation' },
          action: 'audit.chain-key-rewrapped',
          credential: null,
          outcome: 'success',
          message: `Audit chain key ${record.keyId} re-wrapped under key ${next.kekId}`,
        })
        return true
      })
      if (done) progress.chainKeys.rotated++
      else progress.chainKeys.skipped++
    }
    if (batch.length > 0) options.onProgress?.(snapshot(progress))
    if (batch.length < options.batchSize) break
  }
}

import { equalBytes } from '@noble/ciphers/utils.js'
import { appendAuditEvent } from '../audit/append-event.js'
import type { ServiceContext } from '../context/context.js'
import { autocommit, transact } from '../context/transact.js'
import { CORRUPT_PAYLOAD_FIELD, rewrapEnvelope } from '../crypto/envelope.js'
import { bindingOf } from '../domain/secrets.js'
import { isCredentialsError } from '../errors.js'
import type { VersionPosition } from '../ports/version-store.js'
import type { RotateKeysFailure, RotateKeysProgress } from './rotate-progress.js'

type Progress = RotateKeysProgress & {
  versions: {
    rotated: number
    skipped: number
    failed: Array<{ accountId: string; id: string; version: number; reason: RotateKeysFailure }>
  }
}

/**
 * Key rotation of the history: re-wraps the data key of every earlier version not under the
 * primary key, its payload opened first, each in its own transaction with its audit event. A
 * version trimmed, purged or re-wrapped meanwhile is skipped; one that does not open is reported.
 */
export async function rotateVersions(
  ctx: ServiceContext,
  options: {
    batchSize: number
    onProgress?: ((p: RotateKeysProgress) => void) | undefined
    signal?: AbortSignal | undefined
  },
  progress: Progress,
  snapshot: (p: RotateKeysProgress) => RotateKeysProgress,
): Promise<void> {
  let after: VersionPosition | null = null
  for (;;) {
    options.signal?.throwIfAborted()
    const batch = await autocommit(ctx, (tx) =>
      tx.versions.listNotUnderKey(progress.primaryKeyId, after, options.batchSize),
    )
    for (const row of batch) {
      const { accountId, credentialId, version } = row
      after = { accountId, credentialId, version }
      const binding = { accountId, id: credentialId, type: row.type, secretVersion: row.secretVersion }
      let next: { envelope: Uint8Array; keyId: string }
      try {
        next = await rewrapEnvelope(ctx.keys, bindingOf(binding), row.envelope)
      } catch (error) {
        if (!isCredentialsError(error, 'CRYPTO_FAILED')) throw error
        const reason = error.field === CORRUPT_PAYLOAD_FIELD ? 'payload-corrupt' : 'unwrap-failed'
        progress.versions.failed.push({ accountId, id: credentialId, version, reason })
        continue
      }
      const done = await transact(ctx, accountId, async (tx) => {
        const current = await tx.versions.get(accountId, credentialId, version)
        if (current?.keyId !== row.keyId || !equalBytes(current.envelope, row.envelope)) return false
        const owner = await tx.credentials.get(accountId, credentialId)
        await tx.versions.put({ ...current, ...next })
        await appendAuditEvent(tx, ctx, accountId, {
          actor: { type: 'system', reason: 'key-rotation' },
          action: 'credential.keys-rotated',
          credential: { id: credentialId, type: row.type, name: owner?.name ?? row.name },
          outcome: 'success',
          message: `Data key of version ${version} re-wrapped under key ${next.keyId}`,
        })
        return true
      })
      if (done) progress.versions.rotated++
      else progress.versions.skipped++
    }
    if (batch.length > 0) options.onProgress?.(snapshot(progress))
    if (batch.length < options.batchSize) break
  }
}

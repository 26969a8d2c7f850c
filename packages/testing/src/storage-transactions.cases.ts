import { randomUUID } from 'node:crypto'
import type { StorageTx } from '@credkit/core'
import { enqueueJobs, isCredentialsError } from '@credkit/core'
import { expect, it } from 'vitest'
import { open, seen } from './conformance-ops.js'
import { makeEvent, makeJob, makeRecord, makeStatus, testId } from './records.js'
import type { FixtureRef } from './storage-reader.js'

const registry = {
  type: 'container-registry' as const,
  publicData: { server: 'ghcr.io', email: null, username: 'u' },
}

export function transactionCases(fixture: FixtureRef): void {
  it('commits every store together', async () => {
    const { storage, port, physical } = open(fixture())
    const record = makeRecord({ accountId: testId('acct') })
    const result = await port.withTransaction(async (tx) => {
      await writeEverything(tx, record)
      return 'done'
    })
    expect(result).toBe('done')
    expect(await seen(storage, record)).toEqual({ rows: 1, events: 1, jobs: 1, statuses: 1, references: 1 })
    if (physical) {
      expect(await physical.credential(record.id)).not.toBeNull()
      expect(await physical.auditEvents(record.accountId)).toHaveLength(1)
      expect(await physical.jobs(record.accountId)).toHaveLength(1)
      expect(await physical.countStatuses(record.accountId)).toBe(1)
      expect(await physical.countReferences(record.accountId)).toBe(1)
    }
  })

  it('rolls back every store when fn rejects, and rejects with the same error', async () => {
    const { storage, port, physical } = open(fixture())
    const record = makeRecord({ accountId: testId('acct') })
    const boom = new Error('boom')
    await expect(
      port.withTransaction(async (tx) => {
        await writeEverything(tx, record)
        throw boom
      }),
    ).rejects.toBe(boom)
    expect(await seen(storage, record)).toEqual({ rows: 0, events: 0, jobs: 0, statuses: 0, references: 0 })
    if (physical) {
      expect(await physical.credential(record.id)).toBeNull()
      expect(await physical.countStatuses(record.accountId)).toBe(0)
    }
    expect(await storage.sync.listRegions(record.accountId)).toEqual([])
  })

  it('commits the statements issued last (lastStatementsIssued) and refuses one issued after them', async () => {
    const { storage, port } = open(fixture())
    const first = makeRecord({ accountId: testId('acct') })
    const second = makeRecord({ accountId: first.accountId })
    // The capability is optional: an adapter without it commits at the end, as always.
    let late: Promise<unknown> | undefined
    await port.withTransaction(
      async (tx) => {
        const inserted = Promise.all([tx.credentials.insert(first), tx.credentials.insert(second)])
        tx.lastStatementsIssued?.()
        if (tx.lastStatementsIssued) {
          late = tx.credentials.insert(makeRecord({ accountId: first.accountId }))
          late.catch(() => undefined)
        }
        await inserted
      },
      { account: first.accountId },
    )
    if (late) await expect(late).rejects.toThrow(/already ended/)
    expect((await storage.credentials.list(first.accountId)).map((r) => r.id).sort()).toEqual(
      [first.id, second.id].sort(),
    )
  })

  it('commits none of the statements issued last when one of them fails', async () => {
    const { storage, port } = open(fixture())
    const taken = makeRecord({ accountId: testId('acct') })
    await storage.credentials.insert(taken)
    const fresh = makeRecord({ accountId: taken.accountId })
    const error = await port
      .withTransaction(
        async (tx) => {
          const inserted = Promise.all([tx.credentials.insert(fresh), tx.credentials.insert(taken)])
          tx.lastStatementsIssued?.()
          await inserted
        },
        { account: taken.accountId },
      )
      .catch((e: unknown) => e)
    expect(isCredentialsError(error, 'CONFLICT')).toBe(true)
    expect((await storage.credentials.list(taken.accountId)).map((r) => r.id)).toEqual([taken.id])
  })

  it('rolls back updates and deletes of existing rows too', async () => {
    const { storage, port } = open(fixture())
    const keep = makeRecord({ accountId: testId('acct') })
    const drop = makeRecord({ accountId: keep.accountId })
    await storage.credentials.insert(keep)
    await storage.credentials.insert(drop)
    await expect(
      port.withTransaction(async (tx) => {
        await tx.credentials.update({ ...keep, name: 'changed', version: 2 })
        await tx.credentials.delete(drop.accountId, drop.id)
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await storage.credentials.get(keep.accountId, keep.id)).toMatchObject({
      name: keep.name,
      version: 1,
    })
    expect(await storage.credentials.get(drop.accountId, drop.id)).not.toBeNull()
    // the name index was restored too
    await expect(
      storage.credentials.insert(makeRecord({ accountId: keep.accountId, name: keep.name })),
    ).rejects.toSatisfy((e: unknown) => isCredentialsError(e, 'CONFLICT'))
  })

  it('sees its own writes before commit', async () => {
    const { port } = open(fixture())
    const record = makeRecord({ accountId: testId('acct') })
    await port.withTransaction(async (tx) => {
      await tx.credentials.insert(record)
      expect((await tx.credentials.get(record.accountId, record.id))?.id).toBe(record.id)
    })
  })

  it('refuses a tx used after its transaction ended', async () => {
    const { port } = open(fixture())
    let leaked: StorageTx | undefined
    await port.withTransaction(async (tx) => {
      leaked = tx
    })
    await expect(leaked!.credentials.get('a', 'b')).rejects.toThrow()
  })

  it('refuses a transaction started inside one of its own transactions instead of hanging', async () => {
    const { port } = open(fixture())
    const accountId = testId('acct')
    const nested = await port
      .withTransaction(async (tx) => {
        await tx.sync.addRegion(accountId, 'eu-1')
        await port.withTransaction((inner) => inner.sync.listRegions(accountId), { atomic: false })
      })
      .catch((error: unknown) => error)
    expect(nested).toMatchObject({ code: 'STORAGE_FAILED' })
    // the outer transaction rolled back with the error it was given
    expect(await port.withTransaction((tx) => tx.sync.listRegions(accountId), { atomic: false })).toEqual([])
  })

  it('runs the calls of a non-atomic unit, each on its own', async () => {
    const { port } = open(fixture())
    const accountId = testId('acct')
    const regions = await port.withTransaction(
      async (tx) => {
        await tx.sync.addRegion(accountId, 'eu-1')
        return tx.sync.listRegions(accountId)
      },
      { atomic: false },
    )
    expect(regions).toEqual(['eu-1'])
  })

  it('never lets concurrent transactions both promote a default registry', async () => {
    const { storage, port } = open(fixture())
    const accountId = testId('acct')
    const attempts = Array.from({ length: 12 }, () =>
      port.withTransaction(async (tx) => {
        const current = await tx.credentials.getDefault(accountId)
        await tx.credentials.insert(makeRecord({ accountId, ...registry, isDefault: current === null }))
      }),
    )
    const results = await Promise.allSettled(attempts)
    for (const result of results) {
      if (result.status === 'rejected') {
        expect(result.reason).toMatchObject({ code: 'CONFLICT', retryable: true })
      }
    }
    const rows = await storage.credentials.list(accountId)
    expect(rows.filter((row) => row.isDefault)).toHaveLength(1)
  })
}

async function writeEverything(tx: StorageTx, record: ReturnType<typeof makeRecord>): Promise<void> {
  const { accountId, id } = record
  await tx.credentials.insert(record)
  await tx.sync.addRegion(accountId, 'eu-1')
  await tx.sync.putStatuses([makeStatus({ accountId, credentialId: id, region: 'eu-1' })])
  await enqueueJobs(tx, { id: randomUUID }, [makeJob({ accountId, credentialId: id, region: 'eu-1' })])
  await tx.references.attach({ accountId, credentialId: id, kind: 'app', id: 'app-1', createdAt: new Date() })
  await tx.audit.append([makeEvent(accountId, await tx.audit.head(accountId))])
}

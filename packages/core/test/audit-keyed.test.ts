import { makeEvent, storesOf } from '@credkit/testing'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeEventHash, computeEventMac, GENESIS_HASH } from '../src/audit/hash-chain.js'
import { createLocalKeyring, generateKey } from '../src/crypto/index.js'
import { isCredentialsError } from '../src/errors.js'
import type { AuditEvent } from '../src/model/audit-records.js'
import type { KeyPort } from '../src/ports/key-port.js'
import type { StoragePort } from '../src/ports/storage-port.js'
import { createCredentials } from '../src/service/create-credentials.js'
import { ACCOUNT, actors, basicAuthData, rejectionOf, useHarness } from './harness.js'

const h = useHarness()
const { admin } = actors

async function createSome(n: number, prefix = 'g'): Promise<void> {
  for (let i = 0; i < n; i++) {
    await h.credentials.create(admin, { type: 'basic-auth', name: `${prefix}${i}`, data: basicAuthData() })
  }
}

/**
 * What someone with write access to the database alone can do: edit the event at `from`, then
 * re-hash it and every later event with the published (unkeyed) algorithm so the links hold.
 */
function rewriteFrom(from: number, keep: 'mac' | 'unkeyed'): void {
  const events = h.state.audit.get(ACCOUNT)!
  let prevHash = events.find((e) => e.seq === from - 1)?.hash ?? GENESIS_HASH
  const rewritten = events.map((event) => {
    if (event.seq < from) return event
    const edited = { ...event, prevHash, message: event.seq === from ? 'nothing happened' : event.message }
    const content = keep === 'mac' ? edited : { ...edited, keyId: null, mac: null }
    const next: AuditEvent = { ...content, hash: computeEventHash(content) }
    prevHash = next.hash
    return next
  })
  h.state.audit.set(ACCOUNT, rewritten)
}

describe('keyed audit chain', () => {
  it('detects a chain rewritten from a point and re-hashed with the unkeyed algorithm', async () => {
    await createSome(4)
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({
      ok: true,
      events: 4,
      legacyEvents: 0,
    })
    const original = [...h.state.audit.get(ACCOUNT)!]

    rewriteFrom(2, 'mac')
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toEqual({
      ok: false,
      events: 2,
      brokenAt: 2,
      eventId: original[1]!.id,
      reason: 'forged',
      detail: expect.any(String),
    })

    h.state.audit.set(ACCOUNT, original)
    rewriteFrom(3, 'unkeyed')
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({
      ok: false,
      brokenAt: 3,
      eventId: original[2]!.id,
      reason: 'unkeyed',
    })
  })

  it('detects an appended event that was not MACed with the chain key', async () => {
    await createSome(2)
    const head = await storesOf(h.storage).audit.head(ACCOUNT)
    // the right key id and a correct hash, but a MAC under a key the forger made up
    const {
      hash: _,
      mac: __,
      ...content
    } = { ...makeEvent(ACCOUNT, head, 'forged reveal'), keyId: head!.keyId }
    const hash = computeEventHash(content)
    const guessed: AuditEvent = { ...content, hash, mac: computeEventMac(generateKey(), hash) }
    await storesOf(h.storage).audit.append([guessed])
    const verdict = await h.credentials.verifyAuditChain(ACCOUNT)
    expect(verdict).toMatchObject({ ok: false, brokenAt: 3, eventId: guessed.id, reason: 'forged' })

    h.state.audit.get(ACCOUNT)!.pop()
    const unkeyed = makeEvent(ACCOUNT, head, 'forged reveal', { legacy: true })
    await storesOf(h.storage).audit.append([unkeyed])
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({
      ok: false,
      brokenAt: 3,
      reason: 'unkeyed',
    })
    await expect(h.credentials.auditHead(ACCOUNT)).rejects.toMatchObject({ code: 'CRYPTO_FAILED' })
  })

  it('exports a head that, as an anchor, detects removal of the events after it', async () => {
    await createSome(2)
    expect(await h.credentials.auditHead({ ...admin, accountId: 'acct-empty' })).toBeNull()
    await createSome(2, 'h')
    const head = await h.credentials.auditHead(admin)
    expect(head).toEqual({
      accountId: ACCOUNT,
      seq: 4,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      mac: expect.stringMatching(/^[0-9a-f]{64}$/),
      keyId: expect.any(String),
      at: expect.any(Date),
    })
    // kept outside as JSON, and passed back as it was
    const anchor = JSON.parse(JSON.stringify(head))
    expect(await h.credentials.verifyAuditChain(ACCOUNT, { anchor })).toMatchObject({ ok: true, head })

    await h.reader.tamperAudit(ACCOUNT, 4, 'remove')
    await h.reader.tamperAudit(ACCOUNT, 3, 'remove')
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({ ok: true, events: 2 })
    expect(await h.credentials.verifyAuditChain(ACCOUNT, { anchor })).toMatchObject({
      ok: false,
      brokenAt: 4,
      eventId: null,
      reason: 'anchor-missing',
    })
  })

  it('refuses an anchor of another account, and reports an anchor that does not match', async () => {
    await createSome(2)
    const head = (await h.credentials.auditHead(ACCOUNT))!
    const error = await rejectionOf(
      h.credentials.verifyAuditChain(ACCOUNT, { anchor: { ...head, accountId: 'acct-other' } }),
    )
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'options.anchor.accountId' })
    const otherMac = computeEventMac(generateKey(), head.hash)
    expect(
      await h.credentials.verifyAuditChain(ACCOUNT, { anchor: { ...head, mac: otherMac } }),
    ).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: 'anchor-mismatch',
    })
    await expect(h.credentials.auditHead(actors.member)).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('an anchor catches a downgrade to an unkeyed chain (chain key removed, every event re-hashed)', async () => {
    await createSome(3)
    const anchor = (await h.credentials.auditHead(ACCOUNT))!
    h.state.chainKeys.delete(ACCOUNT)
    rewriteFrom(1, 'unkeyed')
    // without an anchor this is indistinguishable from a chain written before keyed chains
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({ ok: true, legacyEvents: 3 })
    expect(await h.credentials.verifyAuditChain(ACCOUNT, { anchor })).toMatchObject({
      ok: false,
      brokenAt: 3,
      reason: 'anchor-mismatch',
    })
  })

  it('binds the chain key record: a moved firstSeq or a removed key is reported', async () => {
    await createSome(3)
    const [key] = h.state.chainKeys.get(ACCOUNT)!
    h.state.chainKeys.set(ACCOUNT, [{ ...key!, firstSeq: 2 }])
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({
      ok: false,
      brokenAt: 1,
      reason: 'unknown-key',
    })
    h.state.chainKeys.set(ACCOUNT, [
      {
        ...key!,
        accountId: ACCOUNT,
        keyId: key!.keyId,
        firstSeq: 1,
        wrapped: key!.wrapped.map((b, i) => (i === 30 ? b ^ 1 : b)),
      },
    ])
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({
      ok: false,
      brokenAt: 1,
      reason: 'key-unusable',
    })
    h.state.chainKeys.delete(ACCOUNT)
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({ ok: false, reason: 'unknown-key' })
  })
})

describe('legacy chains', () => {
  it('keeps an unkeyed prefix valid, keys every event after it, and pins the prefix', async () => {
    let head: { seq: number; hash: string } | null = null
    for (let i = 0; i < 3; i++) {
      const event = makeEvent(ACCOUNT, head, `legacy ${i}`, { legacy: true })
      await storesOf(h.storage).audit.append([event])
      head = event
    }
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({
      ok: true,
      events: 3,
      legacyEvents: 3,
    })
    await createSome(2)
    expect(h.state.chainKeys.get(ACCOUNT)?.map((k) => k.firstSeq)).toEqual([4])
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({
      ok: true,
      events: 5,
      legacyEvents: 3,
    })
    expect(h.state.audit.get(ACCOUNT)!.map((e) => e.mac === null)).toEqual([true, true, true, false, false])

    // the first keyed event MACs the prefix's last hash: re-hashing the prefix breaks it
    const original = [...h.state.audit.get(ACCOUNT)!]
    rewriteFrom(2, 'unkeyed')
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({
      ok: false,
      brokenAt: 4,
      reason: 'unkeyed',
    })
    h.state.audit.set(ACCOUNT, original)
    rewriteFrom(2, 'mac')
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({
      ok: false,
      brokenAt: 4,
      reason: 'forged',
    })
  })
})

/** A KeyPort that counts the calls it passes on. */
function counting(inner: KeyPort) {
  const calls = { wrap: 0, unwrap: 0 }
  const keys: KeyPort = {
    primaryKeyId: () => inner.primaryKeyId(),
    wrap: (key, context) => {
      calls.wrap++
      return inner.wrap(key, context)
    },
    unwrap: (keyId, wrapped, context) => {
      calls.unwrap++
      return inner.unwrap(keyId, wrapped, context)
    },
  }
  return { keys, calls }
}

describe('chain key cost and rotation', () => {
  it('unwraps the chain key once per instance, not per event', async () => {
    const inner = createLocalKeyring({ keys: { k1: generateKey() }, primary: 'k1' })
    const instance = () => {
      const { keys, calls } = counting(inner)
      return {
        calls,
        credentials: createCredentials({ storage: h.storage, regions: h.regions, keys, clock: h.clock }),
      }
    }
    const first = instance()
    for (let i = 0; i < 10; i++) {
      await first.credentials.create(admin, { type: 'basic-auth', name: `c${i}`, data: basicAuthData() })
    }
    // one wrap per sealed secret, one for the account's new chain key, and no unwrap
    expect(first.calls).toEqual({ wrap: 10 + 1, unwrap: 0 })
    const second = instance()
    for (let i = 0; i < 10; i++) {
      await second.credentials.create(admin, { type: 'basic-auth', name: `d${i}`, data: basicAuthData() })
    }
    // another instance (a restart, another replica) unwraps the stored key once
    expect(second.calls).toEqual({ wrap: 10, unwrap: 1 })
    expect(await second.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({ ok: true, events: 20 })
  })

  it('a cold cache unwraps the chain key before the transaction, not while it holds the account', async () => {
    const inner = createLocalKeyring({ keys: { k1: generateKey() }, primary: 'k1' })
    const seed = createCredentials({ storage: h.storage, regions: h.regions, keys: inner, clock: h.clock })
    await seed.create(admin, { type: 'basic-auth', name: 'seed', data: basicAuthData() })
    let inTransaction = 0
    const unwrapsInside: number[] = []
    const storage: StoragePort = {
      ...h.storage,
      withTransaction: (fn, options) =>
        h.storage.withTransaction(async (tx) => {
          inTransaction++
          try {
            return await fn(tx)
          } finally {
            inTransaction--
          }
        }, options),
    }
    const keys: KeyPort = {
      primaryKeyId: () => inner.primaryKeyId(),
      wrap: (key, context) => inner.wrap(key, context),
      unwrap: (keyId, wrapped, context) => {
        unwrapsInside.push(inTransaction)
        return inner.unwrap(keyId, wrapped, context)
      },
    }
    const restarted = createCredentials({ storage, regions: h.regions, keys, clock: h.clock })
    await restarted.create(admin, { type: 'basic-auth', name: 'after-restart', data: basicAuthData() })
    expect(unwrapsInside).toEqual([0])
  })

  it('forgets nothing wrong when the transaction that created the chain key rolls back', async () => {
    let crash = true
    const storage: StoragePort = {
      ...h.storage,
      withTransaction: (fn, options) =>
        h.storage.withTransaction(async (tx) => {
          const result = await fn(tx)
          if (crash) throw new Error('lost before commit')
          return result
        }, options),
    }
    const credentials = createCredentials({ storage, regions: h.regions, keys: h.keys, clock: h.clock })
    await expect(
      credentials.create(admin, { type: 'basic-auth', name: 'a', data: basicAuthData() }),
    ).rejects.toThrow()
    expect(h.state.chainKeys.get(ACCOUNT) ?? []).toEqual([])
    crash = false
    await credentials.create(admin, { type: 'basic-auth', name: 'a', data: basicAuthData() })
    await credentials.create(admin, { type: 'basic-auth', name: 'b', data: basicAuthData() })
    expect(h.state.chainKeys.get(ACCOUNT)).toHaveLength(1)
    expect(await credentials.verifyAuditChain(ACCOUNT)).toMatchObject({
      ok: true,
      events: 2,
      legacyEvents: 0,
    })
  })

  it('fails closed when the chain key cannot be unwrapped: AUDIT_FAILED, nothing written', async () => {
    const on = (keys: Record<string, Uint8Array>, primary: string) =>
      createCredentials({
        storage: h.storage,
        regions: h.regions,
        keys: createLocalKeyring({ keys, primary }),
      })
    await on({ old: generateKey() }, 'old').create(admin, {
      type: 'basic-auth',
      name: 'a',
      data: basicAuthData(),
    })
    const before = await h.reader.dump()
    // the key that wrapped the chain key is gone, though the new one seals secrets fine
    const error = await rejectionOf(
      on({ new: generateKey() }, 'new').create(admin, {
        type: 'basic-auth',
        name: 'b',
        data: basicAuthData(),
      }),
    )
    expect(error).toMatchObject({ code: 'AUDIT_FAILED' })
    expect(error['cause']).toMatchObject({ code: 'CRYPTO_FAILED' })
    expect(await h.reader.dump()).toBe(before)
  })

  it('keeps every event verifiable after the key-encryption key is rotated and retired', async () => {
    const [oldKey, newKey] = [generateKey(), generateKey()]
    const on = (keys: Record<string, Uint8Array>, primary: string) =>
      createCredentials({
        storage: h.storage,
        regions: h.regions,
        keys: createLocalKeyring({ keys, primary }),
        clock: h.clock,
      })
    const before = on({ old: oldKey }, 'old')
    for (let i = 0; i < 3; i++) {
      await before.create(admin, { type: 'basic-auth', name: `r${i}`, data: basicAuthData() })
    }
    expect(await on({ new: newKey }, 'new').verifyAuditChain(ACCOUNT)).toMatchObject({
      ok: false,
      brokenAt: 1,
      reason: 'key-unusable',
    })
    const progress = await on({ old: oldKey, new: newKey }, 'new').rotateKeys()
    expect(progress).toMatchObject({
      rotated: 3,
      failed: [],
      chainKeys: { rotated: 1, skipped: 0, failed: [] },
    })
    expect(h.state.chainKeys.get(ACCOUNT)!.map((k) => k.kekId)).toEqual(['new'])

    const retired = on({ new: newKey }, 'new')
    expect(await retired.verifyAuditChain(ACCOUNT)).toMatchObject({ ok: true, events: 3 + 3 + 1 })
    await retired.create(admin, { type: 'basic-auth', name: 'after', data: basicAuthData() })
    expect(await retired.verifyAuditChain(ACCOUNT)).toMatchObject({ ok: true, events: 8, legacyEvents: 0 })
    const { events } = await retired.auditLog(admin, { limit: 2 })
    expect(events.map((e) => e.action)).toEqual(['credential.created', 'audit.chain-key-rewrapped'])
  })
})

describe('auditHead and anchors, any arguments', () => {
  it('resolve or reject with a CredentialsError, never another error', async () => {
    await createSome(1)
    const head = (await h.credentials.auditHead(ACCOUNT))!
    const anchorish = fc.oneof(
      fc.anything(),
      fc.record({
        seq: fc.oneof(fc.integer(), fc.constant(head.seq)),
        hash: fc.constantFrom(head.hash, 'x'),
      }),
      fc.constant({ anchor: head }),
      fc.constant({ anchor: { ...head, at: 'yesterday' } }),
      fc.record({ anchor: fc.record({ seq: fc.integer(), hash: fc.string(), mac: fc.option(fc.string()) }) }),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.anything(), fc.constantFrom(ACCOUNT, actors.admin, actors.member, actors.outsider)),
        anchorish,
        async (who, options) => {
          for (const call of [
            () => h.credentials.auditHead(who as never),
            () => h.credentials.verifyAuditChain(who as never, options as never),
          ]) {
            try {
              await call()
            } catch (error) {
              expect(isCredentialsError(error), String(error)).toBe(true)
            }
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})

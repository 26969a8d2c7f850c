import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AuditEvent } from '../model/audit-records.js'
import { canonicalJson, computeEventHash, computeEventMac, GENESIS_HASH } from './hash-chain.js'

const event: Omit<AuditEvent, 'hash'> = {
  id: 'evt-1',
  accountId: 'acct-ü',
  seq: 7,
  at: new Date('2026-01-02T03:04:05.678Z'),
  actor: { type: 'user', userId: 'u1' },
  action: 'credential.updated',
  credential: { id: 'c1', type: 'basic-auth', name: 'naïve €' },
  region: null,
  fields: ['name', 'password'],
  outcome: 'success',
  message: 'line "quoted"',
  references: null,
  prevHash: GENESIS_HASH,
  keyId: 'ck-1',
}

describe('the audit hash chain digests', () => {
  it('are SHA-256 of the canonical JSON and HMAC-SHA256 of tag and hash, as computed by noble', () => {
    const hash = computeEventHash(event)
    expect(hash).toBe(bytesToHex(sha256(utf8ToBytes(canonicalJson(event)))))
    const key = new Uint8Array(32).map((_, i) => i * 7)
    const message = utf8ToBytes(`credkit/audit-event/v1\0${hash}`)
    expect(computeEventMac(key, hash)).toBe(bytesToHex(hmac(sha256, key, message)))
  })

  it('keep a fixed digest for a fixed event (stored chains stay verifiable)', () => {
    expect(computeEventHash(event)).toBe('b385d40580ec262caa01a5b899d2114e04e781fa3424294b6c508eac23cc8b9f')
    expect(canonicalJson(event)).toBe(
      '{"accountId":"acct-ü","action":"credential.updated","actor":{"type":"user","userId":"u1"},' +
        '"at":"2026-01-02T03:04:05.678Z","credential":{"id":"c1","name":"naïve €","type":"basic-auth"},' +
        '"fields":["name","password"],"id":"evt-1","keyId":"ck-1","message":"line \\"quoted\\"",' +
        `"outcome":"success","prevHash":"${GENESIS_HASH}","seq":7}`,
    )
  })

  it('canonical JSON: sorted keys, ISO dates, null and undefined members dropped, for any value', () => {
    // The definition, written the plain way: the fast one must give the same bytes.
    const reference = (value: unknown): string => {
      if (value instanceof Date) return JSON.stringify(value.toISOString())
      if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`
      if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value)
          .filter(([, v]) => v !== undefined && v !== null)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`
      }
      return JSON.stringify(value) ?? 'null'
    }
    const leaf = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.date({ noInvalidDate: true }),
    )
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 5 }),
      ),
    })).node
    fc.assert(
      fc.property(tree, (value) => {
        expect(canonicalJson(value)).toBe(reference(value))
      }),
    )
  })
})

import { randomBytes } from 'node:crypto'
import { createLocalKeyring, generateKey, systemRandom } from '@credkit/core'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { openEnvelope, sealEnvelope } from '../../packages/core/src/crypto/envelope.js'
import { interleavedRatios, spread, timeIt } from '../lib/measure.js'
import type { BenchCase } from '../lib/result.js'

/** Envelope seal + open of a 4 KiB secret vs one raw XChaCha20-Poly1305 encrypt + decrypt. */
export const envelopeCase: BenchCase = {
  id: 'envelope',
  async run(env) {
    const keys = createLocalKeyring({ keys: { k1: generateKey() }, primary: 'k1' })
    const payload = new Uint8Array(randomBytes(4096))
    const binding = { accountId: 'acct', credentialId: 'cred', type: 'basic-auth' as const, secretVersion: 1 }
    const key = new Uint8Array(randomBytes(32))
    const ops = env.quick ? 500 : 3_000
    const envelopeRun = () =>
      timeIt(async () => {
        for (let i = 0; i < ops; i++) {
          const sealed = await sealEnvelope(keys, systemRandom, binding, payload)
          ;(await openEnvelope(keys, binding, sealed.envelope)).fill(0)
        }
      })
    const rawRun = () =>
      timeIt(async () => {
        for (let i = 0; i < ops; i++) {
          const nonce = new Uint8Array(randomBytes(24))
          const sealed = xchacha20poly1305(key, nonce).encrypt(payload)
          xchacha20poly1305(key, nonce).decrypt(sealed)
        }
      })
    await envelopeRun()
    await rawRun()
    const { ratios, subjectMs, baselineMs } = await interleavedRatios(env.quick ? 3 : 7, envelopeRun, rawRun)
    return [
      {
        id: 'envelope-4k',
        what: 'envelope seal+open of a 4 KiB secret',
        baseline: 'raw XChaCha20-Poly1305 encrypt+decrypt',
        target: 1.3,
        ratio: spread(ratios),
        detail: {
          envelopeUsPerOp: (spread(subjectMs).median * 1000) / ops,
          rawUsPerOp: (spread(baselineMs).median * 1000) / ops,
        },
      },
    ]
  },
}

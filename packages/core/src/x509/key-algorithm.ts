import type { KeyObject } from 'node:crypto'

/** A key's display name (`RSA-2048`, `ECDSA-P256`, `Ed25519`) and whether credkit accepts it. */
export interface KeyAlgorithm {
  readonly name: string
  readonly supported: boolean
}

/** What the refusal of an unsupported key says is accepted. */
export const SUPPORTED_KEYS = 'RSA of 2048 bits or more, ECDSA P-256, P-384 or P-521, or Ed25519'

const MIN_RSA_BITS = 2048
const CURVES: Record<string, string> = { prime256v1: 'P256', secp384r1: 'P384', secp521r1: 'P521' }

/** Describes a public or private key; never throws. */
export function keyAlgorithm(key: KeyObject): KeyAlgorithm {
  try {
    const type = key.asymmetricKeyType
    const details = key.asymmetricKeyDetails ?? {}
    if (type === 'rsa' || type === 'rsa-pss') {
      const bits = details.modulusLength ?? 0
      const name = `${type === 'rsa' ? 'RSA' : 'RSA-PSS'}-${bits}`
      return { name, supported: type === 'rsa' && bits >= MIN_RSA_BITS }
    }
    if (type === 'ec') {
      const curve = details.namedCurve ?? 'unknown'
      const short = CURVES[curve]
      return { name: `ECDSA-${short ?? curve}`, supported: short !== undefined }
    }
    if (type === 'ed25519') return { name: 'Ed25519', supported: true }
    if (type === 'ed448') return { name: 'Ed448', supported: false }
    return { name: (type ?? 'unknown').toUpperCase(), supported: false }
  } catch {
    return { name: 'unknown', supported: false }
  }
}

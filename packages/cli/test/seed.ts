import { createCredentials, keyringFromMasterKeys, type StoragePort } from '@credkit/core'
import { createMemoryRegions } from '@credkit/memory'
import { makeSelfSigned, storesOf } from '@credkit/testing'

const DAY = 86_400_000

/** Two 32-byte master keys: K1 wraps the seeded data, K2 is the key rotated to. */
export const K1 = `k1:${Buffer.alloc(32, 1).toString('base64')}`
export const K2 = `k2:${Buffer.alloc(32, 2).toString('base64')}`
/** K1's id with other bytes: a wrong key under the right id. */
export const K1_WRONG = `k1:${Buffer.alloc(32, 9).toString('base64')}`

/** Secret values the seed stores; no CLI output may contain them. */
export const SEEDED_SECRETS = ['registry-pa55word-1', 'ingress-pa55word-2']

export const ACCOUNT_A = 'acct-a'
export const ACCOUNT_B = 'acct-b'
/** Credentials of account B (basic auth, no region): the bulk that rotate-keys works through. */
export const BULK = 120
/** Credentials of account A, each with a due job in eu-1 and us-1. */
export const ACCOUNT_A_CREDENTIALS = 4
/** Audit chain keys: one per account, made with its first event. */
export const CHAIN_KEYS = 2
/** What rotate-keys re-wraps from K1 to K2: every data key and chain key. */
export const ROTATABLE = BULK + ACCOUNT_A_CREDENTIALS + CHAIN_KEYS

/**
 * Account A: regions eu-1 and us-1, a Docker Hub registry, a basic-auth user, a TLS certificate
 * expiring in 10 days and one in 200 days; its sync jobs are left due (nothing pushed). Account B:
 * `BULK` basic-auth users. Everything is sealed under K1.
 */
export async function seed(storage: StoragePort): Promise<void> {
  const credentials = createCredentials({
    storage,
    regions: createMemoryRegions({ regions: ['eu-1', 'us-1'] }),
    keys: keyringFromMasterKeys(K1),
  })
  const a = { accountId: ACCOUNT_A, userId: 'alice', roles: ['admin'] }
  await storesOf(storage).sync.addRegion(ACCOUNT_A, 'eu-1')
  await storesOf(storage).sync.addRegion(ACCOUNT_A, 'us-1')
  await credentials.create(a, {
    type: 'container-registry',
    name: 'hub',
    data: { server: 'docker.io', email: 'ops@example.com', username: 'ops', password: SEEDED_SECRETS[0]! },
  })
  await credentials.create(a, {
    type: 'basic-auth',
    name: 'ingress',
    data: { username: 'admin', password: SEEDED_SECRETS[1]! },
  })
  for (const [name, days] of [
    ['web', 10],
    ['api', 200],
  ] as const) {
    const cert = await makeSelfSigned({
      commonName: `${name}.example.com`,
      altNames: [`${name}.example.com`],
      notAfter: new Date(Date.now() + days * DAY),
    })
    await credentials.create(a, {
      type: 'tls-certificate',
      name,
      data: { certificate: cert.certificatePem, privateKey: cert.privateKeyPem },
    })
  }
  const b = { accountId: ACCOUNT_B, userId: 'bob', roles: ['admin'] }
  for (let i = 0; i < BULK; i++) {
    await credentials.create(b, {
      type: 'basic-auth',
      name: `user-${String(i).padStart(3, '0')}`,
      data: { username: `user${i}`, password: `bulk-secret-${i}` },
    })
  }
}

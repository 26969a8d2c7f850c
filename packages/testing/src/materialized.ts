import type { MaterializedCredential } from '@credkit/core'
import { secret } from '@credkit/core'
import { testId } from './records.js'

type Overrides = Partial<
  Pick<MaterializedCredential, 'accountId' | 'credentialId' | 'version' | 'contentHash'>
>

/** A `basic-auth` credential ready to push; `password` decides the content. */
export function makeMaterialized(overrides: Overrides & { password?: string } = {}): MaterializedCredential {
  const password = overrides.password ?? 'pw-1'
  return {
    accountId: overrides.accountId ?? testId('acct'),
    credentialId: overrides.credentialId ?? testId('cred'),
    type: 'basic-auth',
    version: overrides.version ?? 1,
    contentHash: overrides.contentHash ?? `hash-${password}`.padEnd(64, '0'),
    payload: { username: 'staging', password: secret(password) },
  }
}

/** An `acme-wildcard` credential ready to push. */
export function makeMaterializedAcme(overrides: Overrides = {}): MaterializedCredential {
  return {
    accountId: overrides.accountId ?? testId('acct'),
    credentialId: overrides.credentialId ?? testId('cred'),
    type: 'acme-wildcard',
    version: overrides.version ?? 1,
    contentHash: overrides.contentHash ?? 'acme'.padEnd(64, '0'),
    payload: {
      provider: 'cloudflare',
      commonName: '*.example.com',
      altNames: ['example.com'],
      email: null,
      providerConfig: secret({ apiToken: 'cf-token' }),
    },
  }
}

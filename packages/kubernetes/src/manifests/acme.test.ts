import { ACME_PROVIDERS, acmeProviderConfig, secret } from '@credkit/core'
import { VALID_CONFIGS } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { acmeObjects } from './acme.js'

const names = {
  secret: 'p',
  issuer: 'i',
  certificate: 'c',
  issuedSecret: 'tls',
  accountKey: 'k',
}

/** The solver of a validated config, as the Issuer carries it. */
function solverOf(provider: (typeof ACME_PROVIDERS)[number]) {
  const config = acmeProviderConfig(provider).parse(VALID_CONFIGS[provider])
  const objects = acmeObjects(
    names,
    {
      provider,
      commonName: '*.example.com',
      altNames: [],
      email: null,
      providerConfig: secret(config as Record<string, unknown>),
    },
    { server: 'https://acme.example/directory' },
  )
  const issuer = objects.find((o) => o.kind === 'Issuer') as unknown as {
    spec: { acme: { solvers: unknown[] } }
  }
  const providerSecret = objects.find((o) => o.kind === 'Secret') as
    | { data: Record<string, string> }
    | undefined
  return {
    solver: issuer.spec.acme.solvers[0] as { dns01: Record<string, Record<string, unknown>> },
    providerSecret,
  }
}

describe('cert-manager solvers from validated provider configs', () => {
  it.each(ACME_PROVIDERS.filter((p) => p !== 'webhook'))(
    '%s: every secret value goes to the provider Secret and the solver references it',
    (provider) => {
      const { solver, providerSecret } = solverOf(provider)
      const spec = JSON.stringify(solver)
      for (const value of Object.values(providerSecret?.data ?? {})) expect(spec).not.toContain(value)
      expect(Object.keys(providerSecret?.data ?? {}).length).toBeGreaterThan(0)
      const refs = spec.match(/SecretRef":\{"name":"p","key":"[^"]+"\}/g) ?? []
      expect(refs.length).toBe(Object.keys(providerSecret!.data).length)
    },
  )

  it('cloud-dns: the service account key is referenced, never left to the cluster identity', () => {
    const { solver, providerSecret } = solverOf('cloud-dns')
    expect(solver.dns01['cloudDNS']).toMatchObject({
      project: 'my-project',
      serviceAccountSecretRef: { name: 'p', key: 'key.json' },
    })
    expect(JSON.parse(providerSecret!.data['key.json']!)).toMatchObject({ type: 'service_account' })
  })
})

import { fillTemplate, VALID_CONFIGS } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { isCredentialsError } from '../errors.js'
import { PLACEHOLDER_MESSAGE } from './placeholders.js'
import { acmeProviderConfig } from './provider-config.js'
import { ACME_PROVIDERS, type AcmeProvider } from './providers.js'
import { acmeTemplate } from './templates.js'

describe('acmeTemplate', () => {
  it.each(ACME_PROVIDERS)('gives %s a pretty JSON object', (provider) => {
    const template = acmeTemplate(provider)
    expect(template).toContain('\n  "')
    expect(JSON.parse(template)).toBeTypeOf('object')
  })

  it.each(ACME_PROVIDERS)('refuses the %s template as-is, naming every placeholder', (provider) => {
    const template = acmeTemplate(provider)
    const result = acmeProviderConfig(provider).safeParse(template)
    expect(result.success).toBe(false)
    const placeholders = Object.entries(JSON.parse(template) as Record<string, unknown>)
      .filter(([, value]) => typeof value === 'string' && value.startsWith('<'))
      .map(([key]) => [key])
    expect(result.error?.issues.map((issue) => issue.path)).toEqual(placeholders)
    expect(new Set(result.error?.issues.map((issue) => issue.message))).toEqual(
      new Set([PLACEHOLDER_MESSAGE]),
    )
  })

  it.each(ACME_PROVIDERS)('accepts the %s template once placeholders are filled', (provider) => {
    const filled = fillTemplate(acmeTemplate(provider), VALID_CONFIGS[provider])
    const result = acmeProviderConfig(provider).safeParse(JSON.stringify(filled))
    expect(result.error?.issues ?? []).toEqual([])
  })

  it('refuses a placeholder nested anywhere in the config', () => {
    const result = acmeProviderConfig('webhook').safeParse({
      groupName: 'acme.example.com',
      solverName: 's',
      config: { servers: [{ url: 'https://dns' }, { token: 'Bearer <token>' }] },
    })
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['config', 'servers', 1, 'token']])
  })

  it('throws VALIDATION_FAILED for an unknown provider', () => {
    expect(() => acmeTemplate('bind9' as AcmeProvider)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', field: 'provider' }),
    )
    try {
      acmeTemplate('bind9' as AcmeProvider)
    } catch (error) {
      expect(isCredentialsError(error, 'VALIDATION_FAILED')).toBe(true)
      expect(String(error)).not.toContain('bind9')
    }
  })
})

import { testId } from '@credkit/testing'
import { expect, inject, it } from 'vitest'
import { everyType } from './every-type.js'
import { describeKube, regionsPerTest } from './fixture.js'

const env = inject('kube')
const REGION = 'kube-a'
const kube = regionsPerTest(env, REGION)

/** A value as it could leak: raw, base64 (standard and URL-safe), hex; a PEM also by its body. */
function formsOf(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8')
  const forms = [value, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')]
  const pemBody = value.match(/-----BEGIN [^-]+-----([\s\S]+?)-----END/)?.[1]?.replace(/\s+/g, '')
  return pemBody ? [...forms, pemBody] : forms
}

/** Every string in a JSON value, keys included. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(stringsOf)
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...stringsOf(inner)])
  }
  return []
}

describeKube(env)('secrets stay in Secret data', () => {
  it('writes no secret value, raw, base64 or hex, anywhere but the data of a Secret', async () => {
    const accountId = testId('acct')
    const { credentials, secrets } = await everyType(accountId)
    for (const credential of credentials) {
      await kube.fx.regions.apply(REGION, credential)
      // A second version too: an update leaves its own trace in managedFields.
      await kube.fx.regions.apply(REGION, {
        ...credential,
        version: 2,
        contentHash: `${credential.contentHash.slice(0, 60)}beef`,
      })
    }

    const secretList = (await kube.fx.reader.core.listNamespacedSecret({ namespace: kube.ns })).items
    const resources = await Promise.all(
      (['issuers', 'certificates'] as const).map(async (plural) => {
        const list = await kube.fx.reader.custom.listNamespacedCustomObject({
          group: 'cert-manager.io',
          version: 'v1',
          plural,
          namespace: kube.ns,
        })
        return (list as { items: unknown[] }).items
      }),
    )
    // Everything the API returns for the objects credkit wrote, but the Secrets' data.
    const outside = [...secretList.map(({ data: _data, ...rest }) => rest), ...resources.flat()]
    const credkitObjects = outside.filter((o) => JSON.stringify(o).includes('credkit.dev/content-hash'))
    expect(credkitObjects).toHaveLength(3 + 2 * 4 + 4) // 3 Secrets, 4 ACME Issuers + Certificates, 4 provider Secrets
    expect(JSON.stringify(credkitObjects)).toContain('managedFields')

    // The values given to credkit, and everything credkit derived from them into Secret data
    // (the registry's auth, the htpasswd line, the provider key file).
    const dataValues = secretList.flatMap((s) =>
      Object.values(s.data ?? {}).map((v) => Buffer.from(v, 'base64').toString('utf8')),
    )
    const needles = [...secrets, ...dataValues].flatMap(formsOf)
    expect(needles.length).toBeGreaterThan(4 * (secrets.length + 3))
    const text = JSON.stringify(outside)
    const strings = stringsOf(outside)
    for (const needle of needles) {
      expect(text.includes(needle), 'a secret value outside Secret data').toBe(false)
      expect(
        strings.some((s) => s.includes(needle)),
        'a secret value outside Secret data',
      ).toBe(false)
    }
  })
})

import {
  type AcmeProvider,
  type AcmeWildcardData,
  acmeHostNames,
  acmeWildcardData,
  acmeWildcardUpdateFor,
} from '../../acme/index.js'
import type { AcmePublicData } from '../../model/credential-records.js'
import { secret } from '../../model/secret.js'
import { parseInput } from '../../validate.js'
import { type BuiltBody, type CredentialKind, dataFields } from './kind.js'

function build(body: AcmeWildcardData, fields: string[], keepConfig: boolean): BuiltBody<'acme-wildcard'> {
  const publicData: AcmePublicData = {
    provider: body.provider,
    commonName: body.commonName,
    altNames: body.altNames,
    email: body.email ?? null,
  }
  return {
    publicData,
    hostNames: acmeHostNames(body),
    secret: keepConfig ? null : { providerConfig: body.providerConfig },
    fields,
  }
}

export const acmeWildcardKind: CredentialKind<'acme-wildcard'> = {
  type: 'acme-wildcard',
  secretFields: ['providerConfig'],
  create(data, { acme }) {
    const body = parseInput(acmeWildcardData(acme), data, ['data'])
    return build(body, dataFields(body), false)
  },
  async update(current, patch, { acme }, loadSecret) {
    const provider = current.provider as AcmeProvider
    const changes = parseInput(acmeWildcardUpdateFor(provider, acme), patch, ['data'])
    const newConfig = 'providerConfig' in changes ? changes.providerConfig : undefined
    // The merged body is validated whole: a name or provider change must still fit the config.
    const merged = parseInput(
      acmeWildcardData(acme),
      {
        provider: changes.provider ?? current.provider,
        commonName: changes.commonName ?? current.commonName,
        altNames: changes.altNames ?? current.altNames,
        email: changes.email === undefined ? current.email : changes.email,
        providerConfig: newConfig ?? (await loadSecret()).providerConfig,
      },
      ['data'],
    )
    return build(merged, dataFields(changes), newConfig === undefined)
  },
  materialize(publicData, stored) {
    return { ...publicData, providerConfig: secret(stored.providerConfig) }
  },
}

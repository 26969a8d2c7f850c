import type { MaterializedPayloadByType } from '@credkit/core'
import type { DesiredObject, DesiredResource, DesiredSecret } from './desired.js'

/** ACME settings of the adapter: the directory URL and the default account email. */
export interface AcmeOptions {
  /** ACME directory, e.g. `https://acme-v02.api.letsencrypt.org/directory`. */
  readonly server: string
  /** Account email when the credential gives none. */
  readonly email?: string
}

export interface AcmeNames {
  readonly secret: string
  readonly issuer: string
  readonly certificate: string
  readonly issuedSecret: string
  readonly accountKey: string
}

type Config = Readonly<Record<string, unknown>>
type Solver = { data: Record<string, string>; dns01: Record<string, unknown> }

const str = (config: Config, key: string): string | undefined =>
  typeof config[key] === 'string' ? (config[key] as string) : undefined

/** Keeps the fields that are set, in the order given (byte-stable specs). */
function present(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
}

/**
 * The cert-manager DNS-01 solver of a provider config, field names as cert-manager's API: secret
 * values go to the provider Secret under fixed keys and the solver references them by
 * `secretKeyRef`; everything else stays in the solver. A webhook's `config` goes into the Issuer
 * as cert-manager requires (it is the webhook's own configuration, not a Secret).
 */
function solverOf(provider: string, config: Config, secret: string): Solver {
  const ref = (key: string) => ({ name: secret, key })
  const data: Record<string, string> = {}
  const put = (key: string, value: string | undefined) => {
    if (value === undefined) return undefined
    data[key] = value
    return ref(key)
  }
  switch (provider) {
    case 'cloudflare':
      return {
        data,
        dns01: {
          cloudflare: present({
            email: str(config, 'email'),
            apiTokenSecretRef: put('api-token', str(config, 'apiToken')),
            apiKeySecretRef: put('api-key', str(config, 'apiKey')),
          }),
        },
      }
    case 'route53':
      return {
        data,
        dns01: {
          route53: present({
            region: str(config, 'region'),
            hostedZoneID: str(config, 'hostedZoneID'),
            role: str(config, 'role'),
            accessKeyIDSecretRef: put('access-key-id', str(config, 'accessKeyID')),
            secretAccessKeySecretRef: put('secret-access-key', str(config, 'secretAccessKey')),
          }),
        },
      }
    case 'azure-dns':
      return {
        data,
        dns01: {
          azureDNS: present({
            subscriptionID: str(config, 'subscriptionID'),
            resourceGroupName: str(config, 'resourceGroupName'),
            hostedZoneName: str(config, 'hostedZoneName'),
            environment: str(config, 'environment'),
            tenantID: str(config, 'tenantID'),
            clientID: str(config, 'clientID'),
            clientSecretSecretRef: put('client-secret', str(config, 'clientSecret')),
            managedIdentity: config['managedIdentity'],
          }),
        },
      }
    case 'cloud-dns':
      return {
        data,
        dns01: {
          cloudDNS: present({
            project: str(config, 'project'),
            hostedZoneName: str(config, 'hostedZoneName'),
            serviceAccountSecretRef: put(
              'key.json',
              config['serviceAccount'] === undefined ? undefined : JSON.stringify(config['serviceAccount']),
            ),
          }),
        },
      }
    case 'webhook':
      return {
        data,
        dns01: {
          webhook: present({
            groupName: str(config, 'groupName'),
            solverName: str(config, 'solverName'),
            config: config['config'],
          }),
        },
      }
    default:
      throw new Error('unknown ACME provider')
  }
}

/** The DNS names of the certificate: the common name, then the alt names, without repeats. */
export function dnsNamesOf(payload: MaterializedPayloadByType['acme-wildcard']): string[] {
  return [...new Set([payload.commonName, ...payload.altNames])]
}

/**
 * An ACME wildcard credential as cert-manager objects: the provider Secret (when the provider
 * config holds secret values), an `Issuer` (ACME server, email, account key Secret, one DNS-01
 * solver) and a `Certificate` (`dnsNames`, `secretName`, `issuerRef`).
 */
export function acmeObjects(
  names: AcmeNames,
  payload: MaterializedPayloadByType['acme-wildcard'],
  acme: AcmeOptions,
): DesiredObject[] {
  const solver = solverOf(payload.provider, payload.providerConfig.reveal(), names.secret)
  const email = payload.email ?? acme.email
  const issuer: DesiredResource = {
    kind: 'Issuer',
    name: names.issuer,
    spec: {
      acme: present({
        server: acme.server,
        email,
        privateKeySecretRef: { name: names.accountKey },
        solvers: [{ dns01: solver.dns01 }],
      }),
    },
  }
  const certificate: DesiredResource = {
    kind: 'Certificate',
    name: names.certificate,
    spec: {
      secretName: names.issuedSecret,
      dnsNames: dnsNamesOf(payload),
      issuerRef: { name: names.issuer, kind: 'Issuer', group: 'cert-manager.io' },
    },
  }
  const secret: DesiredSecret = { kind: 'Secret', name: names.secret, type: 'Opaque', data: solver.data }
  return Object.keys(solver.data).length > 0 ? [secret, issuer, certificate] : [issuer, certificate]
}

// JSON calls to the platform backend. Errors keep the server's body: credkit's `code`,
// `message`, `issues` (path + message per field), `references`, `currentVersion`.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `Request failed (${status})`)
    this.status = status
    this.body = body ?? {}
  }
  get code() {
    return this.body.code
  }
}

export async function api(method, path, body) {
  const init = { method, headers: { accept: 'application/json' }, credentials: 'same-origin' }
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  const response = await fetch(`/api${path}`, init)
  const text = await response.text()
  const json = text ? JSON.parse(text) : null
  if (!response.ok) {
    if (response.status === 401 && path !== '/session') window.dispatchEvent(new Event('signed-out'))
    throw new ApiError(response.status, json)
  }
  return json
}

export const TYPE_LABELS = {
  'container-registry': 'Container Registry',
  'basic-auth': 'Basic Auth',
  'tls-certificate': 'TLS Certificate',
  'acme-wildcard': 'ACME Wildcard',
}

export const TYPE_USES = {
  'container-registry': 'Used by the App page to pull runtime images and Docker build base images.',
  'basic-auth': 'Used by Environment Settings to require a username and password on the public ingress.',
  'tls-certificate': 'Used by Hosts to serve an uploaded certificate for a hostname.',
  'acme-wildcard': 'Used by Hosts to issue wildcard certificates automatically through a DNS provider.',
}

export const ACME_PROVIDER_LABELS = {
  cloudflare: 'Cloudflare',
  route53: 'AWS Route 53',
  'azure-dns': 'Azure DNS',
  'cloud-dns': 'GCP Cloud DNS',
  webhook: 'Webhook',
}

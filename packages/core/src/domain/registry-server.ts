/** The normalised host of Docker Hub. */
export const DOCKER_HUB = 'docker.io'

/** The key Docker Hub logins use in a `.dockerconfigjson`. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/'

const DOCKER_HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
])

const HOST_PORT =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/
const IPV6_PORT = /^\[[0-9a-f:.]+\](?::\d{1,5})?$/

/**
 * Accepts `host`, `host:port` or a URL (`https://index.docker.io/v1/`) and returns the lower-case
 * host[:port]; Docker Hub's aliases all become `docker.io`. Null when it is none of those.
 */
export function normalizeRegistryServer(input: string): string | null {
  let value = input.trim().toLowerCase()
  if (value === '' || /\s/.test(value)) return null
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(value)) {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      return null
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
    if (url.username || url.password || url.search || url.hash) return null
    value = url.host
  } else {
    value = value.replace(/\/.*$/, '')
  }
  if (!HOST_PORT.test(value) && !IPV6_PORT.test(value)) return null
  const port = /:(\d+)$/.exec(value)?.[1]
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return null
  return DOCKER_HUB_ALIASES.has(value) ? DOCKER_HUB : value
}

/** True for Docker Hub (after normalisation). */
export function isDockerHub(server: string): boolean {
  return server === DOCKER_HUB
}

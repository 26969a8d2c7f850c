/**
 * Values from the environment that must never be printed: the whole `CREDKIT_MASTER_KEYS` value
 * and each key in it, and the password of `DATABASE_URL` (as written and URL-decoded). Every line
 * the CLI prints goes through the returned function, so even a driver error quoting a connection
 * string cannot leak one.
 */
export function createRedactor(env: Readonly<Record<string, string | undefined>>): (text: string) => string {
  const secrets = new Set<string>()
  const masterKeys = env['CREDKIT_MASTER_KEYS']
  if (masterKeys) {
    secrets.add(masterKeys.trim())
    for (const entry of masterKeys.split(',')) {
      const key = entry.slice(entry.indexOf(':') + 1).trim()
      secrets.add(key)
    }
  }
  const url = env['DATABASE_URL']
  if (url) {
    const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:([^@/?#]*)@/i.exec(url)?.[1]
    if (password) {
      secrets.add(password)
      try {
        secrets.add(decodeURIComponent(password))
      } catch {
        // not valid percent-encoding: the raw form is redacted
      }
    }
  }
  // Short strings would redact ordinary words; a real key or password is longer.
  const list = [...secrets].filter((value) => value.length >= 4).sort((a, b) => b.length - a.length)
  if (list.length === 0) return (text) => text
  return (text) => list.reduce((out, value) => out.split(value).join('[redacted]'), text)
}

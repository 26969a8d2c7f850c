import { certificateHostNames, hostLookupNames } from './host-match.js'

/** An in-memory index of certificates by host name; lookups follow `hostLookupNames`. */
export interface HostIndex<K> {
  /** Indexes `key` under the names a certificate carries, replacing any names it had. */
  add(key: K, names: ReadonlyArray<string>): void
  /** Forgets `key`; a key not in the index is ignored. */
  remove(key: K): void
  /** Keys whose names match `host` (as `hostMatches` decides), each once. */
  lookup(host: string): K[]
  /** Number of keys in the index. */
  readonly size: number
}

/** Creates an empty `HostIndex` (a map of normalised name → keys, and key → names). */
export function createHostIndex<K>(): HostIndex<K> {
  const byName = new Map<string, Set<K>>()
  const byKey = new Map<K, string[]>()

  const remove = (key: K): void => {
    for (const name of byKey.get(key) ?? []) {
      const keys = byName.get(name)
      keys?.delete(key)
      if (keys?.size === 0) byName.delete(name)
    }
    byKey.delete(key)
  }

  return {
    add(key, names) {
      remove(key)
      const keys = certificateHostNames(names)
      byKey.set(key, keys)
      for (const name of keys) {
        const set = byName.get(name) ?? new Set<K>()
        set.add(key)
        byName.set(name, set)
      }
    },
    remove,
    lookup(host) {
      const found = new Set<K>()
      for (const name of hostLookupNames(host)) {
        for (const key of byName.get(name) ?? []) found.add(key)
      }
      return [...found]
    },
    get size() {
      return byKey.size
    },
  }
}

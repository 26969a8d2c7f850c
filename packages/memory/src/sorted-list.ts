const CHUNK = 256

/**
 * Items kept in `compare` order: a list of sorted chunks, so an insert or a delete moves at most
 * a chunk and a lookup is two binary searches, O(log n) whatever the size. Items that compare
 * equal are the same item: inserting one replaces it.
 */
export class SortedList<T> {
  #chunks: T[][] = []
  #size = 0

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.#size
  }

  /** Inserts `item`, replacing an equal one. */
  insert(item: T): void {
    const { c, chunk, at, found } = this.#locate(item)
    if (chunk === undefined) {
      this.#chunks.push([item])
    } else if (found) {
      chunk[at] = item
      return
    } else {
      chunk.splice(at, 0, item)
      if (chunk.length > 2 * CHUNK) this.#chunks.splice(c + 1, 0, chunk.splice(CHUNK))
    }
    this.#size++
  }

  /** Removes the item equal to `item`; false when there is none. */
  delete(item: T): boolean {
    const { c, chunk, at, found } = this.#locate(item)
    if (!chunk || !found) return false
    chunk.splice(at, 1)
    if (chunk.length === 0) this.#chunks.splice(c, 1)
    this.#size--
    return true
  }

  /** The item equal to `probe`, if any. */
  get(probe: T): T | undefined {
    const { chunk, at, found } = this.#locate(probe)
    return found ? chunk![at] : undefined
  }

  /** Items in order from the first one not before `probe` (all items without one). */
  *from(probe?: T): Generator<T> {
    let c = 0
    let at = 0
    if (probe !== undefined) {
      c = this.#chunkFor(probe)
      at = c < this.#chunks.length ? this.#lowerBound(this.#chunks[c]!, probe) : 0
    }
    for (; c < this.#chunks.length; c++, at = 0) {
      const chunk = this.#chunks[c]!
      for (; at < chunk.length; at++) yield chunk[at]!
    }
  }

  /** The first chunk whose last item is not before `probe` (the last chunk if none is). */
  #chunkFor(probe: T): number {
    let lo = 0
    let hi = this.#chunks.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const chunk = this.#chunks[mid]!
      if (this.compare(chunk[chunk.length - 1]!, probe) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  #lowerBound(chunk: T[], probe: T): number {
    let lo = 0
    let hi = chunk.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.compare(chunk[mid]!, probe) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  #locate(probe: T): { c: number; chunk: T[] | undefined; at: number; found: boolean } {
    const c = this.#chunkFor(probe)
    const chunk = this.#chunks[c]
    if (!chunk) return { c, chunk, at: 0, found: false }
    const at = this.#lowerBound(chunk, probe)
    return { c, chunk, at, found: at < chunk.length && this.compare(chunk[at]!, probe) === 0 }
  }
}

/**
 * The first `limit` items not before `probe` across every list of `lists` but the one named
 * `skip`, in `compare` order: at most `limit` items read from each list.
 */
export function firstAcross<T>(
  lists: Map<string, SortedList<T>>,
  skip: string,
  probe: T | undefined,
  limit: number,
  compare: (a: T, b: T) => number,
): T[] {
  const items: T[] = []
  for (const [name, list] of lists) {
    if (name === skip) continue
    let taken = 0
    for (const item of list.from(probe)) {
      if (taken++ >= limit) break
      items.push(item)
    }
  }
  return items.sort(compare).slice(0, limit)
}

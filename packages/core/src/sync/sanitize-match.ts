import { foldWithMap } from './sanitize-fold.js'
import { MIN_SECRET_LENGTH, type SecretPattern } from './sanitize-patterns.js'

const REDACTED = '[redacted]'
/**
 * Character comparisons one call may spend extending matches. A message is at most a few KiB, so
 * real secrets stay far below this; only a pathological secret (one character repeated) could
 * reach it, and then the whole message is redacted rather than searched on.
 */
const WORK_BUDGET = 1_000_000

interface Seed {
  readonly pattern: SecretPattern
  /** `head`: the pattern's first characters (prefix matches); `tail`: its last (suffix matches). */
  readonly at: 'head' | 'tail'
}

/** Each pattern indexed by its first and last `MIN_SECRET_LENGTH` characters. */
function seedsOf(patterns: ReadonlyArray<SecretPattern>): Map<string, Seed[]> {
  const seeds = new Map<string, Seed[]>()
  const put = (key: string, seed: Seed) => {
    const list = seeds.get(key)
    if (list) list.push(seed)
    else seeds.set(key, [seed])
  }
  for (const pattern of patterns) {
    put(pattern.text.slice(0, MIN_SECRET_LENGTH), { pattern, at: 'head' })
    if (pattern.fragments) put(pattern.text.slice(-MIN_SECRET_LENGTH), { pattern, at: 'tail' })
  }
  return seeds
}

/**
 * Folded ranges `[from, to)` that hold a pattern: the whole pattern, or for a pattern with
 * `fragments` a prefix or a suffix of it of at least `MIN_SECRET_LENGTH` characters. One pass over
 * the folded text looks every window up in the seed index; null when the work budget ran out.
 */
function findRanges(folded: string, patterns: ReadonlyArray<SecretPattern>): Array<[number, number]> | null {
  const seeds = seedsOf(patterns)
  const ranges: Array<[number, number]> = []
  let work = 0
  for (let i = 0; i + MIN_SECRET_LENGTH <= folded.length; i++) {
    const found = seeds.get(folded.slice(i, i + MIN_SECRET_LENGTH))
    if (!found) continue
    for (const { pattern, at } of found) {
      const text = pattern.text
      let n = MIN_SECRET_LENGTH
      if (at === 'head') {
        while (n < text.length && folded[i + n] === text[n]) n++
        if (n === text.length || pattern.fragments) ranges.push([i, i + n])
      } else {
        const end = i + MIN_SECRET_LENGTH
        while (n < text.length && end - n - 1 >= 0 && folded[end - n - 1] === text[text.length - n - 1]) n++
        ranges.push([end - n, end])
      }
      work += n
      if (work > WORK_BUDGET) return null
    }
  }
  return ranges
}

/**
 * `text` with every occurrence of a pattern replaced by `[redacted]`, matched on the folded text
 * (case-insensitive, across whitespace and control characters) and mapped back to the original,
 * so the redaction covers the spaced-out or line-wrapped original too. Touching or overlapping
 * matches become one `[redacted]`. When the work budget runs out the whole text is redacted.
 */
export function redactSecrets(text: string, patterns: ReadonlyArray<SecretPattern>): string {
  if (patterns.length === 0) return text
  const folded = foldWithMap(text)
  const ranges = findRanges(folded.text, patterns)
  if (ranges === null) return REDACTED
  if (ranges.length === 0) return text
  const spans = ranges
    .map(([from, to]): [number, number] => [folded.start[from]!, folded.end[to - 1]!])
    .sort((a, b) => a[0] - b[0])
  const merged: Array<[number, number]> = []
  for (const [from, to] of spans) {
    const last = merged.at(-1)
    if (last && from <= last[1]) last[1] = Math.max(last[1], to)
    else merged.push([from, to])
  }
  let out = ''
  let cursor = 0
  for (const [from, to] of merged) {
    out += text.slice(cursor, from) + REDACTED
    cursor = to
  }
  return out + text.slice(cursor)
}

import { makeMaterialized } from '@credkit/testing'
import { expect, it } from 'vitest'
import { regionFailure, secretPatterns } from './sanitize.js'

// The sanitiser runs on whatever an adapter throws. It must cost about as much as reading the text
// once, whatever the text: a quadratic pattern on a long message blocks the event loop for
// seconds. Times are compared with a trivial pass over the same 1 MB text, measured in the same
// test (best of a few runs each), never with a wall-clock budget.

const MB = 1 << 20
/** Sanitising any prefix of the text may cost at most this many trivial passes over all of it. */
const MAX_RATIO = 25

const PASSWORD = 'hunter2-very-secret'
const patterns = [
  ...secretPatterns(makeMaterialized({ password: PASSWORD })),
  // one character repeated: every window of the text seeds a match
  ...secretPatterns(makeMaterialized({ password: 'a'.repeat(64) })),
]

const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB)

const ADVERSARIAL: Record<string, string> = {
  newlines: fill('\n'),
  'a newline and spaces': fill('\n                '),
  'stack frame starts': fill('\n at'),
  'PEM starts without an end': fill('-----BEGIN PRIVATE KEY-----\nMIIEvQ'),
  dashes: fill('-'),
  'one base64 run': fill('Ab0+Yz9/'),
  'base64 runs of 23': fill('Ab0+Yz9/Ab0+Yz9/Ab0+Yz9.'),
  'control and separator characters': fill('\u0001\u2028\t\r\u200b'),
  'crypt hash starts': fill('$2y$'),
  'secret prefixes': fill(PASSWORD.slice(0, -1)),
  'a repeated character the secret repeats': fill('a'),
  'spaced secret characters': fill('h u n t e r 2 - '),
}

function best(fn: () => void, runs: number): number {
  let fastest = Number.POSITIVE_INFINITY
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn()
    fastest = Math.min(fastest, performance.now() - start)
  }
  return fastest
}

let sink = 0
function trivialPass(text: string): void {
  for (let i = 0; i < text.length; i++) sink = (sink + text.charCodeAt(i)) | 0
}

it.each(Object.entries(ADVERSARIAL))('sanitises 1 MB of %s in about one pass over it', (_, text) => {
  const pass = best(() => trivialPass(text), 5)
  // Growing prefixes: a quadratic sanitiser fails on the first one instead of hanging on 1 MB.
  for (const size of [16 * 1024, 64 * 1024, 256 * 1024, MB]) {
    const error = new Error(text.slice(0, size))
    const spent = best(() => {
      sink ^= regionFailure(error, patterns).message.length
    }, 3)
    expect(spent / pass, `${size} characters`).toBeLessThan(MAX_RATIO)
  }
})

it('reads only the first 4 KiB, and leaves no start of a secret where it cut', () => {
  expect(regionFailure(new Error(`denied ${'x '.repeat(MB)} ${PASSWORD}`), patterns).message).not.toContain(
    'hunter',
  )
  // Whitespace collapses, so what precedes the cut shrinks to nothing and the cut shows.
  for (const visible of [1, 3, 7, 8, 12, PASSWORD.length - 1]) {
    const message = `${' '.repeat(4096 - visible)}${PASSWORD} more`
    expect(regionFailure(new Error(message), patterns).message).not.toContain('hu')
    // Without the secret's patterns, only starts shorter than a searchable secret are taken back.
    if (visible < 8) expect(regionFailure(new Error(message), []).message).toBe('region call failed')
  }
})

/** Characters folding leaves out: whitespace, control and format characters (zero-width, bidi). */
const IGNORED = /^[\s\p{Cc}\p{Cf}]$/u

/** A message folded for matching, with where each folded code unit came from. */
export interface FoldedText {
  readonly text: string
  /** For each code unit of `text`: start and end (exclusive) of its code point in the original. */
  readonly start: ReadonlyArray<number>
  readonly end: ReadonlyArray<number>
}

function foldWith(text: string, emit: (lower: string, start: number, end: number) => void): void {
  for (let i = 0; i < text.length; ) {
    const size = (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1
    const char = text.slice(i, i + size)
    if (!IGNORED.test(char)) emit(char.toLowerCase(), i, i + size)
    i += size
  }
}

/**
 * `text` in lower case, code point by code point, without whitespace, control or format
 * characters: a secret upper-cased, spaced out or wrapped over lines folds to the same text.
 */
export function fold(text: string): string {
  const out: string[] = []
  foldWith(text, (lower) => out.push(lower))
  return out.join('')
}

/** `fold(text)` with a map back into `text`, so a match in the folded text redacts the original. */
export function foldWithMap(text: string): FoldedText {
  const out: string[] = []
  const start: number[] = []
  const end: number[] = []
  foldWith(text, (lower, from, to) => {
    out.push(lower)
    for (let k = 0; k < lower.length; k++) {
      start.push(from)
      end.push(to)
    }
  })
  return { text: out.join(''), start, end }
}

import { z } from 'zod'

/**
 * Whether `text` has at most `max` characters, counted as Unicode code points, as people count
 * them (an emoji is one character, not two UTF-16 units). Stops early on long input.
 */
export function fitsChars(text: string, max: number): boolean {
  if (text.length <= max) return true
  if (text.length > 2 * max) return false
  let count = 0
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index)
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1)
      if (next >= 0xdc00 && next <= 0xdfff) index++
    }
    if (++count > max) return false
  }
  return true
}

/** A string check for `.check()`: at most `max` characters (code points). */
export function maxChars(max: number) {
  return z.refine<string>((text) => fitsChars(text, max), { error: `must be at most ${max} characters` })
}

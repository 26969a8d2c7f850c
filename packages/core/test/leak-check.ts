import { inspect } from 'node:util'
import { expect } from 'vitest'

// One registry per test file (each file is its own module instance): the secret values handed to
// the SDK, and everything the SDK returned or threw, serialised both ways.
const secrets = new Set<string>()
const outputs: string[] = []

/** A fresh secret value, registered for the leak check. */
export function secretValue(label: string): string {
  const value = `${label}-${Math.random().toString(36).slice(2, 12)}-s3cr3t`
  secrets.add(value)
  return value
}

/** Registers secret material not made by `secretValue` (a PEM key's body lines, say). */
export function registerSecret(value: string): void {
  if (value.length >= 8) secrets.add(value)
}

/** Records a value the SDK produced, as `util.inspect` and `JSON.stringify` print it. */
export function recordOutput(value: unknown): void {
  outputs.push(inspect(value, { depth: 12 }))
  try {
    outputs.push(JSON.stringify(value) ?? '')
  } catch {
    // cyclic values are covered by inspect
  }
  if (value instanceof Error) outputs.push(String(value.stack), value.message)
}

/** Wraps every method so its (async) results and errors go through the leak check. */
export function watched<T extends object>(target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        const result = value.apply(obj, args)
        if (!(result instanceof Promise)) return result
        return result.then(
          (resolved) => {
            recordOutput(resolved)
            return resolved
          },
          (error: unknown) => {
            recordOutput(error)
            throw error
          },
        )
      }
    },
  })
}

/** Fails when `text` holds a registered secret value. */
export function expectNoSecret(text: string, what = 'an output'): void {
  // One assertion for all values (an `expect` per value costs more than the search); the count
  // is reported, never the values.
  let leaked = 0
  for (const value of secrets) if (text.includes(value)) leaked++
  expect(leaked, `${leaked} secret value(s) leaked into ${what}`).toBe(0)
}

/** Fails when anything recorded so far holds a registered secret value. */
export function expectNoLeakedOutput(): void {
  expectNoSecret(outputs.join('\n'))
}

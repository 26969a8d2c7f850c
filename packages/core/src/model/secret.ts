/** A value that prints as `[redacted]` everywhere; only `reveal()` returns it. */
export interface Secret<T> {
  reveal(): T
  toString(): string
  toJSON(): string
}

const REDACTED = '[redacted]'

// The value lives in a WeakMap, not on the object: keys, spread, structuredClone and
// `util.inspect({ showHidden: true })` find no property that holds it.
const values = new WeakMap<object, unknown>()

const redacted = (): string => REDACTED

const prototype: object = Object.freeze({
  reveal(this: object): unknown {
    if (!values.has(this)) throw new TypeError('reveal() must be called on a Secret')
    return values.get(this)
  },
  toString: redacted,
  toJSON: redacted,
  [Symbol.toPrimitive]: redacted,
  [Symbol.for('nodejs.util.inspect.custom')]: redacted,
  [Symbol.toStringTag]: 'Secret',
})

/** Wraps `value` so that logging, string conversion and JSON never show it. */
export function secret<T>(value: T): Secret<T> {
  const wrapper = Object.freeze(Object.create(prototype) as Secret<T>)
  values.set(wrapper, value)
  return wrapper
}

/** True for values made by `secret()`; a look-alike object is not a Secret. */
export function isSecret(v: unknown): v is Secret<unknown> {
  return typeof v === 'object' && v !== null && values.has(v)
}

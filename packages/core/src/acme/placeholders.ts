const PLACEHOLDER = /<[^<>\r\n]{1,200}>/
const MAX_DEPTH = 32

/** Message of the issue raised for each placeholder still in a config. */
export const PLACEHOLDER_MESSAGE =
  'still holds a template placeholder (<…>): replace it with the real value, or remove the field if it is optional'

/**
 * Paths of the string values in `value` that still hold a `<...>` template placeholder. Walks at
 * most 32 levels deep, so deeply nested input cannot overflow the stack.
 */
export function findPlaceholders(
  value: unknown,
  path: Array<string | number> = [],
): Array<Array<string | number>> {
  if (typeof value === 'string') return PLACEHOLDER.test(value) ? [path] : []
  if (path.length >= MAX_DEPTH || typeof value !== 'object' || value === null) return []
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value)
  return entries.flatMap(([key, item]) => findPlaceholders(item, [...path, key]))
}

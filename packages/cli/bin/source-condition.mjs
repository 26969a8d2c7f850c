// Module resolve hook: resolve workspace packages to their TypeScript sources (`@credkit/source`).
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('@credkit/source')
    ? context.conditions
    : [...context.conditions, '@credkit/source']
  return nextResolve(specifier, { ...context, conditions })
}

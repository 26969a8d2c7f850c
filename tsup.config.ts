import { readFileSync } from 'node:fs'
import { defineConfig } from 'tsup'

// One build for every package, run from the package's folder (`tsup --config ../../tsup.config.ts`):
// each `exports` entry's `@credkit/source` file becomes `dist/<subpath>/index.js` + `.d.ts`.
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, { '@credkit/source': string }>
}
const entry = Object.fromEntries(
  Object.entries(pkg.exports).map(([subpath, conditions]) => [
    subpath === '.' ? 'index' : `${subpath.slice(2)}/index`,
    conditions['@credkit/source'],
  ]),
)

export default defineConfig({
  entry,
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: { compilerOptions: { ignoreDeprecations: '6.0', customConditions: [] } },
  sourcemap: true,
  clean: true,
  splitting: true,
  external: [/^@credkit\//, 'vitest', 'fast-check'],
})

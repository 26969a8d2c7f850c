#!/usr/bin/env node
// The `credkit` binary. A published install runs the built `dist/`. In the credkit repository
// (no build yet) it runs the TypeScript sources through tsx, resolving workspace packages with
// the `@credkit/source` export condition, so `npx credkit` works right after `npm install`.
import { existsSync } from 'node:fs'
import { register } from 'node:module'

const dist = new URL('../dist/index.js', import.meta.url)
let entry = dist
if (!existsSync(dist)) {
  let tsx
  try {
    tsx = await import('tsx/esm/api')
  } catch {
    process.stderr.write(
      'credkit: CONFIG: @credkit/cli is not built and tsx is not installed: run npm run build\n',
    )
    process.exit(5)
  }
  tsx.register()
  // Registered after tsx, so it runs first: adds the condition, then lets tsx resolve.
  register(new URL('./source-condition.mjs', import.meta.url))
  entry = new URL('../src/index.ts', import.meta.url)
}
const { main } = await import(entry.href)
await main()

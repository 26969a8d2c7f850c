import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type BuildOptions, build } from 'esbuild'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The CLI's sources bundled into one ES module: what the tests spawn. */
    credkitBundle: string
    /** `test/fixtures/memory-regions.ts` bundled, for `sync --regions-module`. */
    regionsBundle: string
  }
}

/**
 * Bundles the CLI from its sources (workspace packages through `@credkit/source`) once per run:
 * a child then starts in a fraction of a second instead of compiling every source file through
 * tsx. It lives under node_modules so what is left external (pg, PGlite...) resolves as installed.
 * `bin/credkit.mjs` itself, which runs the sources through tsx, has its own test.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const outdir = fileURLToPath(
    new URL(`../node_modules/.cache/credkit-test-${process.pid}/`, import.meta.url),
  )
  const options: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@credkit/source'],
    // Drivers and the CommonJS libraries stay external: they load from node_modules as installed.
    external: ['pg', '@electric-sql/pglite', 'commander', 'cli-progress'],
    // Any other CommonJS module bundled into the ES module may still call require().
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  }
  await Promise.all([
    build({
      ...options,
      entryPoints: [fileURLToPath(new URL('./fixtures/credkit-entry.ts', import.meta.url))],
      outfile: `${outdir}credkit.mjs`,
    }),
    build({
      ...options,
      entryPoints: [fileURLToPath(new URL('./fixtures/memory-regions.ts', import.meta.url))],
      outfile: `${outdir}regions.mjs`,
    }),
  ])
  project.provide('credkitBundle', `${outdir}credkit.mjs`)
  project.provide('regionsBundle', `${outdir}regions.mjs`)
  return () => rmSync(outdir, { recursive: true, force: true })
}

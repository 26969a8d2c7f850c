import { defineConfig } from 'vitest/config'

// Tests run the TypeScript sources directly: the `@credkit/source` export condition points every
// workspace package at its `src/` so no build is needed first.
export default defineConfig({
  ssr: { resolve: { conditions: ['@credkit/source'] } },
  resolve: { conditions: ['@credkit/source'] },
  test: {
    projects: ['packages/*', 'scripts/docs-check', 'examples/platform'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})

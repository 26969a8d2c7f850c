import { fileURLToPath } from 'node:url'
import { defineProject, type TestProjectInlineConfiguration } from 'vitest/config'

const coreSource = fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url))
const testingSource = fileURLToPath(new URL('./packages/testing/src/index.ts', import.meta.url))

/**
 * A workspace test project that runs the TypeScript sources through the `@credkit/source` export
 * condition. Global setups are loaded outside the test environments, where that condition does
 * not apply: `@credkit/core` and `@credkit/testing` are aliased to their sources so they can import
 * them too.
 */
export function credkitProject(test: NonNullable<TestProjectInlineConfiguration['test']>) {
  return defineProject({
    ssr: { resolve: { conditions: ['@credkit/source'] } },
    resolve: {
      conditions: ['@credkit/source'],
      alias: [
        { find: /^@credkit\/core$/, replacement: coreSource },
        { find: /^@credkit\/testing$/, replacement: testingSource },
      ],
    },
    test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], ...test },
  })
}

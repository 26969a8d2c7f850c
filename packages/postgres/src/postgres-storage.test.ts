import { describeStoragePort } from '@credkit/testing'
import { afterAll } from 'vitest'
import { closePglite, pgliteFixture } from '../test/pglite.js'
import { serverFixture } from '../test/server.js'

describeStoragePort({ name: 'postgres (server)', setup: serverFixture })

describeStoragePort({ name: 'postgres (PGlite)', setup: pgliteFixture })
afterAll(closePglite)

import { describe, expect, it } from 'vitest'
import {
  findCycle,
  graphs,
  type Import,
  importsAlong,
  importsOf,
  LAYERS,
  layerOf,
  packageImportsOf,
  SRC,
  sourceFiles,
  testPackageImports,
  unitOf,
  upwardImports,
} from './layers.js'

// docs/architecture.md draws these layers; this test holds the code to the drawing.
const files = sourceFiles(SRC)
const imports = files.flatMap((file) => importsOf(SRC, file))
const known = new Set(files)

describe('the layers of packages/core/src', () => {
  it('reads every source file and every import it makes', () => {
    expect(files.length).toBeGreaterThan(100)
    expect(imports.length).toBeGreaterThan(300)
    const unresolved = imports.filter((i) => !known.has(i.to)).map((i) => `src/${i.from} → '${i.specifier}'`)
    expect(unresolved).toEqual([])
  })

  it('puts every file in a layer', () => {
    const unplaced = files.filter((file) => LAYERS.every((l) => !l.units.includes(unitOf(file))))
    expect(unplaced).toEqual([])
  })

  it('has no import that runs back up a layer', () => {
    expect(upwardImports(imports)).toEqual([])
  })

  it('imports @credkit/testing from tests only', () => {
    const packageImports = files.flatMap((file) => packageImportsOf(SRC, file))
    expect(packageImports.some((i) => i.specifier === '@credkit/testing')).toBe(true)
    expect(testPackageImports(packageImports)).toEqual([])
  })

  it('has no import cycle between files', () => {
    const cycle = findCycle(graphs(imports).files)
    expect(cycle && `import cycle: ${cycle.map((f) => `src/${f}`).join(' → ')}`).toBeNull()
  })

  it('has no import cycle between folders, even beside each other in one layer', () => {
    const cycle = findCycle(graphs(imports).units)
    expect(
      cycle && `folder cycle ${cycle.join(' → ')}: ${importsAlong(imports, cycle).join('; ')}`,
    ).toBeNull()
  })

  it('keeps the sync engine out of the use cases', () => {
    const reachingUp = imports.filter((i) => unitOf(i.from) === 'sync/' && unitOf(i.to) === 'service/')
    expect(reachingUp).toEqual([])
    expect(layerOf('service/create.ts')).toBeGreaterThan(layerOf('sync/outbox.ts'))
  })
})

describe('the layer checks catch what they are for', () => {
  const edge = (from: string, to: string): Import => ({ from, to, specifier: `(${to})` })

  it('names the file and the import that runs up a layer', () => {
    expect(upwardImports([edge('sync/outbox.ts', 'service/create.ts')])).toEqual([
      "src/sync/outbox.ts (sync engine) imports '(service/create.ts)' (use cases): an import must not run up a layer",
    ])
    expect(
      upwardImports([edge('errors.ts', 'sync/outbox.ts'), edge('crypto/binding.ts', 'domain/shell.ts')]),
    ).toHaveLength(2)
    expect(() => upwardImports([edge('index.ts', 'testing/storage-port.ts')])).toThrow(/in no layer/)
    expect(upwardImports([edge('service/create.ts', 'sync/outbox.ts')])).toEqual([])
  })

  it('names a source file that imports @credkit/testing, and lets a test do it', () => {
    expect(testPackageImports([{ from: 'index.ts', specifier: '@credkit/testing' }])).toEqual([
      "src/index.ts imports '@credkit/testing': only tests may use the conformance suites",
    ])
    expect(testPackageImports([{ from: 'sync/timeout.test.ts', specifier: '@credkit/testing' }])).toEqual([])
  })

  it('finds a cycle of files and a cycle of folders of one layer', () => {
    const loop = [
      edge('x509/a.ts', 'hosts/b.ts'),
      edge('hosts/b.ts', 'hosts/c.ts'),
      edge('hosts/c.ts', 'x509/a.ts'),
    ]
    expect(findCycle(graphs(loop).files)).toEqual(['hosts/b.ts', 'hosts/c.ts', 'x509/a.ts', 'hosts/b.ts'])
    const sideways = [edge('x509/a.ts', 'hosts/b.ts'), edge('hosts/c.ts', 'x509/d.ts')]
    expect(findCycle(graphs(sideways).files)).toBeNull()
    const folders = findCycle(graphs(sideways).units)
    expect(folders).toEqual(['hosts/', 'x509/', 'hosts/'])
    expect(importsAlong(sideways, folders!)).toEqual([
      "src/hosts/c.ts imports '(x509/d.ts)'",
      "src/x509/a.ts imports '(hosts/b.ts)'",
    ])
  })

  it('reads import type, export from and import() as imports', () => {
    expect(importsOf(SRC, 'ports/reference-store.ts').map((i) => i.to)).toEqual(['model/references.ts'])
    const found = importsOf(SRC, 'index.ts')
    expect(found.some((i) => i.specifier === './ports/index.js')).toBe(true)
    expect(found.every((i) => i.to.endsWith('.ts'))).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { ACCOUNT, actors } from './harness.js'
import { syncSecret, useSyncHarness } from './sync-harness.js'

const h = useSyncHarness({ regions: ['eu-1', 'us-1'] })
const { admin, member } = actors

const wildcard = () =>
  h.credentials.create(admin, {
    type: 'acme-wildcard',
    name: 'wildcard',
    data: {
      provider: 'cloudflare',
      commonName: '*.example.com',
      altNames: ['example.com'],
      providerConfig: { apiToken: syncSecret('cf-token') },
    },
  })

describe('ACME issuance', () => {
  it('stores pending, issued and failed issuance per region; matchCertificates is ready once issued everywhere', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    await h.credentials.prepareRegion(ACCOUNT, 'us-1')
    const view = await wildcard()
    await h.credentials.runDueJobs()
    expect((await h.status(view.id, 'eu-1'))?.issuance).toEqual({ state: 'pending' })
    const [pending] = await h.credentials.matchCertificates(member, 'api.example.com')
    expect(pending).toMatchObject({ id: view.id, status: 'pending-issuance' })

    h.regions.issue('eu-1', view.id)
    h.regions.failIssuance('us-1', view.id, 'DNS-01 challenge failed')
    expect(await h.credentials.refreshIssuance(ACCOUNT)).toEqual({ observed: 2, updated: 2, failed: 0 })
    expect((await h.status(view.id, 'eu-1'))?.issuance).toMatchObject({
      state: 'issued',
      certificate: { commonName: '*.example.com', altNames: ['example.com'] },
    })
    expect((await h.status(view.id, 'us-1'))?.issuance).toEqual({
      state: 'failed',
      message: 'DNS-01 challenge failed',
    })
    expect(
      (await h.credentials.matchCertificates(member, 'api.example.com', { region: 'eu-1' }))[0],
    ).toMatchObject({
      status: 'ready',
    })

    h.regions.issue('us-1', view.id)
    expect(await h.credentials.refreshIssuance()).toEqual({ observed: 2, updated: 1, failed: 0 })
    const [ready] = await h.credentials.matchCertificates(member, 'api.example.com')
    expect(ready).toMatchObject({ status: 'ready', notAfter: expect.any(String) })
    // issuance is all refreshIssuance writes
    expect(await h.status(view.id, 'us-1')).toMatchObject({ state: 'synced', version: 1 })
  })

  it('counts a region that cannot be observed and keeps the last known issuance', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const view = await wildcard()
    await h.credentials.runDueJobs()
    h.regions.faults.down('eu-1')
    expect(await h.credentials.refreshIssuance(ACCOUNT)).toEqual({ observed: 0, updated: 0, failed: 1 })
    expect((await h.status(view.id, 'eu-1'))?.issuance).toEqual({ state: 'pending' })
  })
})

describe('ACME readiness after the names change', () => {
  const named = (commonName: string) =>
    h.credentials.create(admin, {
      type: 'acme-wildcard',
      name: 'wildcard',
      data: { provider: 'cloudflare', commonName, providerConfig: { apiToken: syncSecret('cf') } },
    })

  it('is not ready for a name the issued certificate does not cover (region unreachable)', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const view = await named('*.a.example.com')
    await h.credentials.runDueJobs()
    h.regions.issue('eu-1', view.id) // certificate for *.a.example.com
    await h.credentials.refreshIssuance(ACCOUNT)
    expect((await h.status(view.id, 'eu-1'))?.issuance).toMatchObject({ state: 'issued' })

    await h.credentials.update(admin, view.id, { data: { commonName: '*.b.example.com' } })
    // the certificate in place was issued for the old names
    expect((await h.status(view.id, 'eu-1'))?.issuance).toEqual({ state: 'pending' })
    h.regions.faults.down('eu-1')
    await h.credentials.runDueJobs()
    expect(h.held('eu-1', view.id)?.version).toBe(1)
    const [candidate] = await h.credentials.matchCertificates(member, 'api.b.example.com', { region: 'eu-1' })
    expect(candidate).toMatchObject({ id: view.id, status: 'pending-issuance' })
  })

  it('keeps the issuance through an edit that changes nothing pushed', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const view = await named('*.a.example.com')
    await h.credentials.runDueJobs()
    h.regions.issue('eu-1', view.id)
    await h.credentials.refreshIssuance(ACCOUNT)
    await h.credentials.update(admin, view.id, { name: 'renamed' })
    expect((await h.status(view.id, 'eu-1'))?.issuance).toMatchObject({ state: 'issued' })
    const [candidate] = await h.credentials.matchCertificates(member, 'api.a.example.com', { region: 'eu-1' })
    expect(candidate).toMatchObject({ status: 'ready' })
  })

  it('refreshIssuance ignores the issuance of content the region holds no more for the row', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const view = await named('*.a.example.com')
    await h.credentials.runDueJobs()
    h.regions.issue('eu-1', view.id)
    await h.credentials.update(admin, view.id, { data: { commonName: '*.b.example.com' } })
    // the push of v2 has not run: the region still holds v1 and its certificate
    expect(await h.credentials.refreshIssuance(ACCOUNT)).toMatchObject({ observed: 1, updated: 0 })
    expect((await h.status(view.id, 'eu-1'))?.issuance).toEqual({ state: 'pending' })
    await h.credentials.runDueJobs()
    h.regions.issue('eu-1', view.id)
    expect(await h.credentials.refreshIssuance(ACCOUNT)).toMatchObject({ observed: 1, updated: 1 })
    const [candidate] = await h.credentials.matchCertificates(member, 'api.b.example.com', { region: 'eu-1' })
    expect(candidate).toMatchObject({ status: 'ready' })
  })

  it('matchCertificates counts an issued certificate only when it carries the host', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const view = await named('*.b.example.com')
    await h.credentials.runDueJobs()
    // cert-manager reports a certificate for other names than the credential's
    h.regions.issue('eu-1', view.id, { commonName: '*.a.example.com', altNames: ['*.a.example.com'] })
    expect(await h.credentials.refreshIssuance(ACCOUNT)).toMatchObject({ updated: 1 })
    const [candidate] = await h.credentials.matchCertificates(member, 'api.b.example.com', { region: 'eu-1' })
    expect(candidate).toMatchObject({ id: view.id, status: 'pending-issuance' })
    // covered through an alt name
    h.regions.issue('eu-1', view.id, { commonName: null, altNames: ['*.b.example.com'] })
    await h.credentials.refreshIssuance(ACCOUNT)
    const [ready] = await h.credentials.matchCertificates(member, 'api.b.example.com', { region: 'eu-1' })
    expect(ready).toMatchObject({ status: 'ready' })
  })
})

describe('ACME issuance, instant', () => {
  const instant = useSyncHarness({ regions: ['eu-1'], regionOptions: { acmeIssuance: 'instant' } })
  it('records the issued certificate with the push itself', async () => {
    await instant.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const view = await instant.credentials.create(admin, {
      type: 'acme-wildcard',
      name: 'wildcard',
      data: {
        provider: 'cloudflare',
        commonName: '*.example.com',
        providerConfig: { apiToken: syncSecret('cf') },
      },
    })
    await instant.credentials.runDueJobs()
    expect((await instant.status(view.id, 'eu-1'))?.issuance).toMatchObject({ state: 'issued' })
  })
})

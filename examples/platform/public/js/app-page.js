import { api } from './api.js'
import { h, mount, toast } from './dom.js'
import { field, validatedForm } from './form-fields.js'

function select(options, selected, first) {
  return h(
    'select',
    {},
    h('option', { value: '' }, first),
    options.map((o) => h('option', { value: o.id, selected: o.id === selected }, o.name)),
  )
}

function resolution(label, result, purpose) {
  const text =
    result.source === 'selected'
      ? `${result.credential.name} (selected)`
      : result.source === 'default'
        ? `${result.credential.name} (account default)`
        : purpose === 'build'
          ? 'no credential (builds do not fall back to the account default)'
          : 'no credential (the account has no default registry)'
  return h('li', {}, h('strong', {}, `${label}: `), text)
}

/** The App page's pull selects and its environment's basic-auth gate, for every member. */
export async function renderAppPage(main, appId) {
  const [app, registries, gates] = await Promise.all([
    api('GET', `/apps/${encodeURIComponent(appId)}`),
    api('GET', '/options?type=container-registry'),
    api('GET', '/options?type=basic-auth'),
  ])
  const fields = new Map()
  const banner = h('div', { class: 'form-banner', role: 'alert', tabindex: '-1', hidden: true })
  const fallback = registries.items.find((o) => o.isDefault)
  const runtime = select(
    registries.items,
    app.settings.runtimePull,
    `Use account default${fallback ? ` (${fallback.name})` : ' (none set)'}`,
  )
  const build = select(registries.items, app.settings.buildPull, 'None: pull base images anonymously')
  const gate = select(gates.items, app.settings.basicAuth, 'Off: the ingress is public')
  const resolved = h('ul', { class: 'resolved', 'aria-live': 'polite' })
  const showResolved = (a) =>
    mount(
      resolved,
      resolution('Runtime image pulls use', a.resolved.runtime, 'runtime'),
      resolution('Docker builds use', a.resolved.build, 'build'),
    )
  showResolved(app)

  const form = validatedForm(
    {
      fields,
      banner,
      submit: async () => {
        const saved = await api('PUT', `/apps/${encodeURIComponent(appId)}`, {
          runtimePull: runtime.value || null,
          buildPull: build.value || null,
          basicAuth: gate.value || null,
        })
        showResolved(saved)
        toast(`Saved the settings of ${app.name}`)
      },
    },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Image pull'),
      field(fields, {
        key: 'runtimePull',
        label: 'Runtime image pull credential',
        hint: 'Pulls the runtime image at deploy time (image deploys).',
        control: runtime,
      }),
      field(fields, {
        key: 'buildPull',
        label: 'Build pull credential',
        hint: 'Pulls base images during a Docker build. Builds do not fall back to the account default.',
        control: build,
      }),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Environment Settings · Security'),
      field(fields, {
        key: 'basicAuth',
        label: 'Require HTTP Basic Auth',
        hint: 'Gates the public ingress with a username and password.',
        control: gate,
      }),
    ),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save settings')),
  )
  mount(
    main,
    h('p', { class: 'crumb' }, 'Apps'),
    h('h1', {}, app.name),
    h(
      'section',
      { class: 'card' },
      form,
      h('h2', { class: 'small-title' }, 'What the next deploy uses'),
      resolved,
    ),
  )
}

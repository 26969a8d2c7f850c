// The body of the Add credential form per type; the shell (Type, Name, Description) is shared.
import { ACME_PROVIDER_LABELS, api } from './api.js'
import { h } from './dom.js'
import { certificatePreview, field, input, pemField, textarea } from './form-fields.js'

const keep = (editing, what) => (editing ? `Unchanged. Type a new ${what} to replace it.` : undefined)

function registry(fields, view) {
  const d = view?.data ?? {}
  const editing = Boolean(view)
  return [
    field(fields, {
      key: 'data.server',
      label: 'Server',
      hint: 'docker.io, ghcr.io, registry.example.com, …',
      control: input({ value: d.server ?? '' }),
    }),
    field(fields, {
      key: 'data.email',
      label: 'Email',
      hint: 'Your account email at the registry. Required by Docker Hub; optional elsewhere.',
      control: input({ type: 'email', value: d.email ?? '' }),
    }),
    field(fields, { key: 'data.username', label: 'Username', control: input({ value: d.username ?? '' }) }),
    field(fields, {
      key: 'data.password',
      label: 'Password',
      hint: 'Only shown again behind an explicit reveal.',
      control: input({
        type: 'password',
        autocomplete: 'new-password',
        placeholder: keep(editing, 'password'),
      }),
    }),
    h(
      'div',
      { class: 'field wide checkbox' },
      (() => {
        const box = h('input', { type: 'checkbox', id: 'f-is-default', checked: Boolean(d.isDefault) })
        fields.set('isDefault', { control: box, error: h('p', { class: 'field-error' }) })
        return box
      })(),
      h('label', { for: 'f-is-default' }, 'Set as default registry'),
      h(
        'p',
        { class: 'hint' },
        'Apps without an explicit selection pull with the default. The first registry of the account becomes the default anyway.',
      ),
    ),
  ]
}

function basicAuth(fields, view) {
  return [
    field(fields, {
      key: 'data.username',
      label: 'Username',
      hint: 'No colon (:).',
      control: input({ value: view?.data.username ?? '' }),
    }),
    field(fields, {
      key: 'data.password',
      label: 'Password',
      control: input({
        type: 'password',
        autocomplete: 'new-password',
        placeholder: keep(Boolean(view), 'password'),
      }),
    }),
  ]
}

function tls(fields, view) {
  const preview = certificatePreview()
  const certificate = pemField(fields, {
    key: 'data.certificate',
    label: 'Certificate',
    hint: 'PEM, starting with -----BEGIN CERTIFICATE-----.',
    value: view?.data.certificate,
    placeholder: '-----BEGIN CERTIFICATE-----',
    onInput: (event) => preview.update(event.target.value),
  })
  if (view) preview.update(view.data.certificate)
  return [
    certificate,
    h('div', { class: 'field wide' }, preview.box),
    pemField(fields, {
      key: 'data.privateKey',
      label: 'Private key',
      hint: view
        ? 'Unchanged. Paste a new key to replace it.'
        : 'PKCS#8, PKCS#1 RSA or SEC1 EC; not encrypted. Must match the certificate.',
      placeholder: '-----BEGIN PRIVATE KEY-----',
    }),
    pemField(fields, {
      key: 'data.chain',
      label: 'CA chain (optional)',
      hint: 'Intermediates in order, each signed by the next.',
      value: view?.data.chain,
      placeholder: '-----BEGIN CERTIFICATE-----',
    }),
  ]
}

function acme(fields, view) {
  const d = view?.data ?? {}
  const provider = h(
    'select',
    {},
    Object.entries(ACME_PROVIDER_LABELS).map(([value, label]) =>
      h('option', { value, selected: value === (d.provider ?? 'cloudflare') }, label),
    ),
  )
  const config = textarea({
    class: 'mono',
    rows: '8',
    placeholder: view ? 'Unchanged. Paste a new configuration to replace it.' : '{ }',
  })
  const useTemplate = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        const { template } = await api('GET', `/acme-templates/${provider.value}`)
        config.value = template
        config.focus()
      },
    },
    'Use template',
  )
  const configField = field(fields, {
    key: 'data.providerConfig',
    label: 'Provider configuration (JSON)',
    hint: 'Replace every <placeholder> before saving.',
    control: config,
    wide: true,
  })
  configField.querySelector('label').after(h('div', { class: 'label-action' }, useTemplate))
  return [
    field(fields, { key: 'data.provider', label: 'DNS provider', control: provider }),
    field(fields, {
      key: 'data.commonName',
      label: 'Common name',
      hint: '*.example.com',
      control: input({ value: d.commonName ?? '' }),
    }),
    field(fields, {
      key: 'data.altNames',
      label: 'Alternative names',
      hint: 'Comma or newline separated.',
      control: textarea({ rows: '2', value: (d.altNames ?? []).join(', ') }),
      wide: true,
    }),
    field(fields, {
      key: 'data.email',
      label: 'ACME account email (optional)',
      control: input({ type: 'email', value: d.email ?? '' }),
    }),
    configField,
  ]
}

export const BODIES = {
  'container-registry': registry,
  'basic-auth': basicAuth,
  'tls-certificate': tls,
  'acme-wildcard': acme,
}

/** Reads the body of `type` from the form. Empty secrets are left out (an edit keeps them). */
export function readBody(fields, type) {
  const value = (key) => fields.get(key)?.control.value ?? ''
  const optional = (key) => (value(key).trim() === '' ? null : value(key))
  const secret = (data, key, name) => {
    if (value(key) !== '') data[name] = value(key)
  }
  const data = {}
  switch (type) {
    case 'container-registry':
      Object.assign(data, {
        server: value('data.server'),
        email: optional('data.email'),
        username: value('data.username'),
      })
      secret(data, 'data.password', 'password')
      break
    case 'basic-auth':
      data.username = value('data.username')
      secret(data, 'data.password', 'password')
      break
    case 'tls-certificate':
      Object.assign(data, { certificate: value('data.certificate'), chain: optional('data.chain') })
      secret(data, 'data.privateKey', 'privateKey')
      break
    case 'acme-wildcard':
      Object.assign(data, {
        provider: value('data.provider'),
        commonName: value('data.commonName'),
        altNames: value('data.altNames')
          .split(/[\s,]+/)
          .filter(Boolean),
        email: optional('data.email'),
      })
      secret(data, 'data.providerConfig', 'providerConfig')
      break
  }
  return data
}

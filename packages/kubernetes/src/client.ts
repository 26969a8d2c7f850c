import {
  type ConfigurationOptions,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  Observable,
  type ObservableMiddleware,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node'
import { toRegionError } from './errors.js'

/** The kinds credkit writes. */
export type ObjectKind = 'Secret' | 'Issuer' | 'Certificate'

/** One entry of `metadata.managedFields`: who wrote which fields, and how. */
export interface ManagedFieldsEntry {
  readonly manager?: string
  readonly operation?: string
  readonly subresource?: string
  readonly fieldsV1?: object
}

/** A Kubernetes object as JSON. */
export interface KubeObject {
  readonly apiVersion?: string
  readonly kind?: string
  readonly metadata?: {
    readonly name?: string
    readonly namespace?: string
    readonly uid?: string
    readonly resourceVersion?: string
    readonly labels?: Record<string, string>
    readonly annotations?: Record<string, string>
    readonly managedFields?: ReadonlyArray<ManagedFieldsEntry>
  }
  readonly [field: string]: unknown
}

const CERT_MANAGER = { group: 'cert-manager.io', version: 'v1' }
const PLURAL: Record<Exclude<ObjectKind, 'Secret'>, string> = {
  Issuer: 'issuers',
  Certificate: 'certificates',
}

/** The calls the adapter makes on one cluster; each takes the engine's `AbortSignal`. */
export interface ClusterClient {
  /** The server-side apply field manager its writes carry (whose `managedFields` entry is credkit's). */
  readonly fieldManager: string
  get(kind: ObjectKind, namespace: string, name: string, signal?: AbortSignal): Promise<KubeObject | null>
  /** Server-side apply with the adapter's field manager, `force=true`. */
  apply(kind: ObjectKind, namespace: string, object: KubeObject, signal?: AbortSignal): Promise<KubeObject>
  /** Removes fields (paths of names) by a JSON merge patch that sets each to null, under the adapter's field manager. */
  removeFields(
    kind: ObjectKind,
    namespace: string,
    name: string,
    paths: ReadonlyArray<ReadonlyArray<string>>,
    signal?: AbortSignal,
  ): Promise<KubeObject>
  /** Deletes; with `uid`, only that very object (a precondition). False when it was absent. */
  delete(
    kind: ObjectKind,
    namespace: string,
    name: string,
    signal?: AbortSignal,
    uid?: string,
  ): Promise<boolean>
  list(
    kind: ObjectKind,
    namespace: string,
    labelSelector: string,
    signal?: AbortSignal,
  ): Promise<KubeObject[]>
}

/** Hands the call's signal to the HTTP request (the generated client passes it to fetch). */
function signalOptions(signal: AbortSignal | undefined): ConfigurationOptions<ObservableMiddleware> {
  if (!signal) return {}
  const middleware: ObservableMiddleware = {
    pre: (request) => {
      request.setSignal(signal)
      return new Observable(Promise.resolve(request))
    },
    post: (response) => new Observable(Promise.resolve(response)),
  }
  return { middleware: [middleware], middlewareMergeStrategy: 'append' }
}

/** A merge patch removing each path: `{ a: { b: null } }` for `['a', 'b']`. */
function nullsAt(paths: ReadonlyArray<ReadonlyArray<string>>): Record<string, unknown> {
  const patch: Record<string, unknown> = {}
  for (const path of paths) {
    let node = patch
    for (const key of path.slice(0, -1)) {
      node[key] ??= {}
      node = node[key] as Record<string, unknown>
    }
    node[path[path.length - 1] ?? ''] = null
  }
  return patch
}

export function createClusterClient(kc: KubeConfig, fieldManager: string): ClusterClient {
  const core = kc.makeApiClient(CoreV1Api)
  const custom = kc.makeApiClient(CustomObjectsApi)

  /** Runs a call; an aborted signal rethrows its reason, API and transport errors become RegionErrors. */
  async function call<T>(
    verb: string,
    kind: ObjectKind,
    name: string,
    signal: AbortSignal | undefined,
    run: (options: ConfigurationOptions<ObservableMiddleware>) => Promise<T>,
  ): Promise<T> {
    signal?.throwIfAborted()
    try {
      return await run(signalOptions(signal))
    } catch (error) {
      if (signal?.aborted) throw signal.reason
      throw toRegionError(error, { verb, kind, name })
    }
  }

  const asObject = (value: unknown) => value as KubeObject

  /** A PATCH of the kind's object; the Content-Type in `options` says which kind of patch. */
  async function patch(
    kind: ObjectKind,
    params: { name: string; namespace: string; body: object; fieldManager: string; force?: boolean },
    options: ConfigurationOptions<ObservableMiddleware>,
  ): Promise<KubeObject> {
    return kind === 'Secret'
      ? asObject(await core.patchNamespacedSecret(params, options))
      : asObject(
          await custom.patchNamespacedCustomObject(
            { ...CERT_MANAGER, plural: PLURAL[kind], ...params },
            options,
          ),
        )
  }

  return {
    fieldManager,
    async get(kind, namespace, name, signal) {
      try {
        return await call('read', kind, name, signal, async (options) =>
          kind === 'Secret'
            ? asObject(await core.readNamespacedSecret({ name, namespace }, options))
            : asObject(
                await custom.getNamespacedCustomObject(
                  { ...CERT_MANAGER, plural: PLURAL[kind], namespace, name },
                  options,
                ),
              ),
        )
      } catch (error) {
        if ((error as { status?: unknown }).status === 404) return null
        throw error
      }
    },
    apply(kind, namespace, object, signal) {
      const name = object.metadata?.name ?? ''
      const params = { name, namespace, body: object, fieldManager, force: true }
      return call('apply', kind, name, signal, (options) =>
        patch(kind, params, setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply, options)),
      )
    },
    removeFields(kind, namespace, name, paths, signal) {
      const params = { name, namespace, body: nullsAt(paths), fieldManager }
      return call('patch', kind, name, signal, (options) =>
        patch(kind, params, setHeaderOptions('Content-Type', PatchStrategy.MergePatch, options)),
      )
    },
    async delete(kind, namespace, name, signal, uid) {
      const body = uid ? { preconditions: { uid } } : {}
      try {
        await call('delete', kind, name, signal, async (options) =>
          kind === 'Secret'
            ? core.deleteNamespacedSecret({ name, namespace, body }, options)
            : custom.deleteNamespacedCustomObject(
                { ...CERT_MANAGER, plural: PLURAL[kind], namespace, name, body },
                options,
              ),
        )
        return true
      } catch (error) {
        if ((error as { status?: unknown }).status === 404) return false
        throw error
      }
    },
    list(kind, namespace, labelSelector, signal) {
      return call('list', kind, `(${labelSelector})`, signal, async (options) => {
        const list =
          kind === 'Secret'
            ? await core.listNamespacedSecret({ namespace, labelSelector }, options)
            : await custom.listNamespacedCustomObject(
                { ...CERT_MANAGER, plural: PLURAL[kind], namespace, labelSelector },
                options,
              )
        return ((list as { items?: unknown[] }).items ?? []).map(asObject)
      })
    },
  }
}

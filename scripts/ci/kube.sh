# Sourced by .ci/run (bash, set -euo pipefail, from the repo root) before `npm ci`.
# The Kubernetes tier of @credkit/kubernetes runs against a real kube-apiserver + etcd, found
# through KUBEBUILDER_ASSETS (the envtest convention): a folder holding `kube-apiserver` and `etcd`.

if [ ! -x /usr/bin/etcd ]; then
  printf '== installing etcd-server\n'
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends etcd-server
fi

kube_assets="${TMPDIR:-/tmp}/credkit-kubebuilder-assets"
mkdir -p "$kube_assets"
ln -sfn "$(pwd)/../shared/kube/bin/kube-apiserver" "$kube_assets/kube-apiserver"
ln -sfn /usr/bin/etcd "$kube_assets/etcd"
export KUBEBUILDER_ASSETS="$kube_assets"
unset kube_assets

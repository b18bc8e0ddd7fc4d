#!/usr/bin/env bash
# Builds the pinned tools from source with `go install` into .tools/bin.
# A no-op for every tool whose pinned version is already there (a stamp file records it).
#   scripts/install-tools.sh          opa, helm, kustomize (what the tests need)
#   scripts/install-tools.sh bench    also the benchmark peers (conftest, kube-score; checkov from PyPI).
#   kube-linter cannot be built here: its module path (golang.stackrox.io/kube-linter) is not
#   served by the Go module proxy; kube-score, a Go linter of the same kind, stands beside it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=/dev/null
. "$root/tools.versions"
bin="$root/.tools/bin"
mkdir -p "$bin"
export GOBIN="$bin" GOFLAGS="${GOFLAGS:--buildvcs=false}" CGO_ENABLED=0
export GOPATH="${GOPATH:-$root/.tools/go}" GOMODCACHE="${GOMODCACHE:-$root/.tools/go/pkg/mod}"
export GOCACHE="${GOCACHE:-$root/.tools/go-build}"

command -v go >/dev/null || { echo "install-tools: Go is required (https://go.dev/dl/); none on PATH" >&2; exit 2; }

# install NAME MODULE VERSION [LDFLAGS]
install() {
  local name=$1 module=$2 version=$3 ldflags=${4:-}
  local stamp="$bin/.$name.version"
  if [ -x "$bin/$name" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then
    return 0
  fi
  echo "install-tools: building $name $version (go install $module@$version)" >&2
  go install -trimpath ${ldflags:+-ldflags "$ldflags"} "$module@$version"
  echo "$version" > "$stamp"
}

# The three builds share the module cache; running them side by side halves a cold install.
pids=()
install opa github.com/open-policy-agent/opa "$OPA_VERSION" \
  "-X github.com/open-policy-agent/opa/v1/version.Version=${OPA_VERSION#v}" & pids+=($!)
install helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION" \
  "-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" & pids+=($!)
install kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION" \
  "-X sigs.k8s.io/kustomize/api/provenance.version=$KUSTOMIZE_VERSION" & pids+=($!)
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ "$failed" = 0 ] || { echo "install-tools: a build failed (see above)" >&2; exit 1; }
if [ "${1:-}" = bench ]; then
  install conftest github.com/open-policy-agent/conftest "$CONFTEST_VERSION"
  install kube-score github.com/zegl/kube-score/cmd/kube-score "$KUBE_SCORE_VERSION" \
    "-X main.version=$KUBE_SCORE_VERSION"
  venv="$root/.tools/venv"
  if [ "$(cat "$venv/.checkov.version" 2>/dev/null)" != "$CHECKOV_VERSION" ]; then
    echo "install-tools: installing checkov $CHECKOV_VERSION (pip, into .tools/venv)" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "checkov==$CHECKOV_VERSION"
    echo "$CHECKOV_VERSION" > "$venv/.checkov.version"
  fi
fi

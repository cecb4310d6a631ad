# lib.sh: shared steps of scripts/run, scripts/test and scripts/bench: install what is missing,
# configure and build. Sourced, not run. Progress goes to stderr so that stdout stays the tool's.

CPG_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian 12 packages: the build (libxml2 for GraphML and GEXF, Graphviz's libcgraph for DOT,
# utf8proc for the NFC and case folding of names that merge),
# the tests (cmocka, valgrind, clang's libFuzzer, Graphviz with a font, groff to check the man
# page, python3-igraph and python3-networkx for independent reference values: NetworkX needs
# numpy and scipy for its spectral measures, and only recommends them; pygraphviz for its DOT
# export in scripts/bench) and the line editor.
CPG_PACKAGES="gcc clang libclang-rt-14-dev pkg-config meson ninja-build liblua5.4-dev
libigraph-dev libcjson-dev libxml2-dev libgraphviz-dev libutf8proc-dev libcmocka-dev libedit-dev graphviz fonts-liberation2
valgrind groff-base python3
python3-igraph python3-networkx python3-numpy python3-scipy python3-pygraphviz"

cpg_log() { printf '%s\n' "$*" >&2; }

# Installs the packages that are missing; `apt-get update` first, as a new machine has no lists.
cpg_ensure_packages() {
    local missing=() pkg
    for pkg in $CPG_PACKAGES; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    cpg_log "cpecgraph: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >&2
}

# cpg_build DIR [MESON OPTIONS...]: configures DIR once, then brings it up to date.
cpg_build() {
    local dir="$CPG_ROOT/$1"
    shift
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" "$CPG_ROOT" "$@" >&2
    fi
    ninja -C "$dir" >&2
}

# Shared by the scripts (sourced, not run): installing Debian packages, the web tools' PATH, and
# serving dist/ on a local port.

# Installs the given Debian packages (as root, or through sudo), refreshing the index once.
apt_install() {
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  if [ -z "${APT_UPDATED:-}" ]; then
    "${sudo[@]}" apt-get update -qq
    APT_UPDATED=1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# A C compiler and linker (Rust links with `cc`; ring, under trunk's TLS, compiles C).
ensure_cc() {
  command -v cc >/dev/null || apt_install gcc libc6-dev
}

# Python 3 (local servers, the FHIR validator's venv): Debian's, when the machine has none.
ensure_python() {
  command -v python3 >/dev/null || apt_install python3
  python3 -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
}

# The web tools on PATH (npm's wasm-opt first; cargo-installed trunk and wasm-bindgen).
web_env() {
  export PATH="$PWD/web/node_modules/.bin:$HOME/.cargo/bin:$PATH"
  export TRUNK_SKIP_VERSION_CHECK=true
}

# Serves dist/ on 127.0.0.1 in the background, on port $1 (a free one when empty), logging to
# $2; sets PORT, stops the server when the script exits, and returns once it answers.
serve_dist() {
  PORT="${1:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
  python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist >"${2:-/dev/null}" 2>&1 &
  local server=$!
  trap 'kill '"$server"' 2>/dev/null || true' EXIT
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "the local server on port $PORT did not start" >&2
  return 1
}

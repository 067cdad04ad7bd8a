# Sourced by run.sh and test.sh: installs Debian and Python packages only when
# they are missing, so a second run starts at once.

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_system_packages() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing system packages: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# Sets PY to the interpreter that has the project installed. Uses the
# current python3 unless the system forbids pip there (PEP 668), in which
# case a project-local virtualenv is made.
ensure_python_packages() {
    local extra="${1:-}"
    local spec="."
    [ -n "$extra" ] && spec=".[$extra]"
    PY="${PYTHON:-python3}"
    if [ -x .venv/bin/python ]; then
        PY=.venv/bin/python
    elif "$PY" -m pip install --dry-run --no-deps -q . 2>&1 | grep -q externally-managed; then
        "$PY" -m venv .venv
        PY=.venv/bin/python
    fi
    ensure_pjsua2
    local stamp=".deps-installed${extra:+-$extra}"
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] \
        || ! "$PY" -c "import operator_app, server_api, kc1551_demo, kc1551_resources, phonenumbers, platformdirs, pjsua2, PySide6" 2>/dev/null; then
        echo "Installing Python packages ($spec)"
        "$PY" -m pip install -q --disable-pip-version-check -e "$spec"
        touch "$stamp"
    fi
    export PY
}

# pjsua2 is built from pjproject's release source (installer/build-pjsua2.sh):
# the PyPI wheels have no sound device on Linux. The build runs once into a
# wheel cache; this installs the cached wheel when the interpreter lacks it or
# has another build.
PJSUA2_BUILD_PACKAGES=(gcc g++ make swig pkg-config patch libasound2-dev libssl-dev uuid-dev)
ensure_pjsua2() {
    ensure_system_packages "${PJSUA2_BUILD_PACKAGES[@]}" libasound2 libasound2-plugins libssl3
    local wheel
    wheel="$(bash ./installer/build-pjsua2.sh "$PY")"
    local marker=".pjsua2-wheel"
    if [ ! -f "$marker" ] || [ "$(cat "$marker")" != "$wheel" ] \
        || ! "$PY" -c "import pjsua2" 2>/dev/null; then
        echo "Installing pjsua2 ($(basename "$wheel"))"
        "$PY" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel"
        echo "$wheel" > "$marker"
    fi
}

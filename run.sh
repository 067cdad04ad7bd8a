#!/usr/bin/env bash
# The run command: installs what the desktop needs when it is missing, then
# starts it. With no configuration it runs the embedded demo: the API
# in-process on SQLite, a local Kamailio and a simulated line placing real
# SIP calls. Extra arguments go to the desktop (see --help).
set -euo pipefail
cd "$(dirname "$0")"
source ./installer/ensure-deps.sh
ensure_system_packages kamailio libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 \
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
    libxcb-shape0 libxcb-randr0 libxcb-xkb1 libfontconfig1 libdbus-1-3 libglib2.0-0
ensure_python_packages demo
exec "$PY" -m operator_app "$@"

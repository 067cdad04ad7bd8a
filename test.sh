#!/usr/bin/env bash
# The test command: installs what the tests need when it is missing
# (PostgreSQL, Kamailio, Qt's system libraries, the Python dependencies),
# then runs ruff, mypy and pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
source ./installer/ensure-deps.sh
ensure_system_packages postgresql kamailio kamailio-tls-modules pulseaudio pulseaudio-utils libasound2-plugins libegl1 libgl1 libxkbcommon0 lintian desktop-file-utils appstream debconf-utils python3.11 python3-venv dpkg-dev binutils libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xkb1 libopengl0 \
    libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 chromium chromium-driver
ensure_python_packages test

export QT_QPA_PLATFORM=offscreen
"$PY" -m ruff check .
"$PY" -m mypy
"$PY" -m pytest "$@"

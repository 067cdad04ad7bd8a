#!/usr/bin/env bash
# Builds the pjsua2 Python binding from pjproject's release source into a
# wheel cache, and prints the wheel's path. The PyPI wheels have no sound
# device on Linux and bundle an unsupported OpenSSL; this build has ALSA
# (which reaches PulseAudio and PipeWire through the ALSA plugins), the
# system's OpenSSL 3, SRTP, epoll, and static pj libraries, so the extension
# needs only system libraries (libasound2, libssl3).
#
# Usage: installer/build-pjsua2.sh [PYTHON]
# Source: $PJPROJECT_TARBALL, else ../shared/vendor/pjproject-2.17.tar.gz
# beside the repository, else the official release when a network is there;
# always checked against the pinned checksum below.
# Cache: $KC1551_WHEEL_CACHE (default ~/.cache/kc1551/wheels), keyed by the
# source's checksum, this script, its patches (installer/pjproject-patches,
# fixes not yet in a pjproject release) and the Python ABI: a second run only
# prints.
set -euo pipefail

PJ_VERSION=2.17
PJ_SHA256=6e9b2e0ae40bb6b98bca015abdc549d2f18ab2712c1ff140ac521f95f8c3d953
PJ_URL="https://github.com/pjsip/pjproject/archive/refs/tags/${PJ_VERSION}.tar.gz"

PY="${1:-${PY:-python3}}"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
cache="${KC1551_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kc1551/wheels}"

log() { echo "build-pjsua2: $*" >&2; }

abi="$("$PY" -c 'import sys, sysconfig; print(sys.implementation.cache_tag + "-" + sysconfig.get_platform())')"
# the patches to pjproject (installer/pjproject-patches) are part of the build
patches=("$here"/pjproject-patches/*.patch)
script_sum="$(cat "$0" "${patches[@]}" | sha256sum | cut -c1-12)"
key_dir="$cache/pjsua2-$PJ_VERSION-${PJ_SHA256:0:12}-$script_sum-$abi"
existing="$(ls "$key_dir"/pjsua2-*.whl 2>/dev/null | head -n1 || true)"
if [ -n "$existing" ]; then
    echo "$existing"
    exit 0
fi

find_source() {
    local candidate
    for candidate in "${PJPROJECT_TARBALL:-}" "$repo/../shared/vendor/pjproject-$PJ_VERSION.tar.gz"; do
        if [ -n "$candidate" ] && [ -f "$candidate" ]; then
            echo "$candidate"
            return
        fi
    done
    local fetched="$cache/pjproject-$PJ_VERSION.tar.gz"
    if [ ! -f "$fetched" ]; then
        log "no local pjproject $PJ_VERSION source; downloading the official release"
        mkdir -p "$cache"
        "$PY" -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' \
            "$PJ_URL" "$fetched.part" \
            || { log "cannot download $PJ_URL; set PJPROJECT_TARBALL to the release tarball"; exit 1; }
        mv "$fetched.part" "$fetched"
    fi
    echo "$fetched"
}

tarball="$(find_source)"
actual="$(sha256sum "$tarball" | cut -d' ' -f1)"
if [ "$actual" != "$PJ_SHA256" ]; then
    log "$tarball has checksum $actual, expected $PJ_SHA256: refusing to build it"
    exit 1
fi

missing=""
for tool in gcc g++ make swig pkg-config patch; do
    command -v "$tool" >/dev/null || missing="$missing $tool"
done
[ -f /usr/include/alsa/asoundlib.h ] || missing="$missing libasound2-dev"
[ -f /usr/include/openssl/ssl.h ] || missing="$missing libssl-dev"
if [ -n "$missing" ]; then
    log "missing build tools:$missing (installer/ensure-deps.sh installs them)"
    exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/pjsua2-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log "building pjproject $PJ_VERSION in $work (a few minutes, once)"
tar xzf "$tarball" -C "$work"
src="$work/pjproject-$PJ_VERSION"
for fix in "${patches[@]}"; do
    patch -d "$src" -p1 --forward --quiet < "$fix" \
        || { log "$(basename "$fix") does not apply to pjproject $PJ_VERSION"; exit 1; }
done

# epoll: pjlib's select ioqueue holds 64 sockets and frees a closed one late.
# Sound latencies: the headset's are set per endpoint (medConfig); these are for
# the devices pjsua2 opens with defaults (the ring device, the settings' checks),
# whose 140 ms let a ring run on after the answer.
cat > "$src/pjlib/include/pj/config_site.h" <<'EOF'
#define PJ_IOQUEUE_MAX_HANDLES 1024
#define PJMEDIA_SND_DEFAULT_REC_LATENCY 20
#define PJMEDIA_SND_DEFAULT_PLAY_LATENCY 40
#define PJMEDIA_HAS_SRTP 1
#define PJSUA_MAX_CALLS 32
EOF

jobs="$(nproc 2>/dev/null || echo 2)"
(
    cd "$src"
    # -fPIC: the static pj libraries are linked into a Python extension.
    CFLAGS="-O2 -fPIC" CXXFLAGS="-O2 -fPIC" ./configure \
        --enable-epoll --disable-shared --disable-video --disable-v4l2 \
        --disable-sdl --disable-ffmpeg --disable-openh264 --disable-vpx --disable-libyuv \
        --disable-libwebrtc --disable-upnp --disable-opencore-amr --disable-silk \
        --disable-bcg729 --disable-lyra --disable-android-mediacodec >"$work/configure.log" 2>&1 \
        || { tail -n 30 "$work/configure.log" >&2; exit 1; }
    grep -q "Checking sound device backend... alsa" "$work/configure.log" \
        || { log "configure found no ALSA"; exit 1; }
    grep -q "OpenSSL library found, SSL support enabled" "$work/configure.log" \
        || { grep -i ssl "$work/configure.log" >&2; log "configure found no OpenSSL"; exit 1; }
    make dep >"$work/make.log" 2>&1 && make -j"$jobs" >>"$work/make.log" 2>&1 \
        || { tail -n 40 "$work/make.log" >&2; exit 1; }
    cd pjsip-apps/src/swig/python
    make pjsua2_wrap.cpp >>"$work/make.log" 2>&1 || { tail -n 20 "$work/make.log" >&2; exit 1; }
    PJDIR="$src" "$PY" -m pip wheel --no-deps -q -w "$work/dist" . >>"$work/make.log" 2>&1 \
        || { tail -n 40 "$work/make.log" >&2; exit 1; }
)
wheel="$(ls "$work"/dist/pjsua2-*.whl | head -n1)"
mkdir -p "$key_dir"
cp "$wheel" "$key_dir/"
log "built $(basename "$wheel")"
echo "$key_dir/$(basename "$wheel")"

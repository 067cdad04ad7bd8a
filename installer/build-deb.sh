#!/usr/bin/env bash
# Builds the Debian packages of the two products, and prints their paths:
#   kc1551-desktop_<version>_amd64.deb  the operator desktop
#   kc1551-api_<version>_amd64.deb      the central API (systemd service)
# Each is a private virtual environment made with Debian's /usr/bin/python3.11
# under /opt/kc1551-desktop or /opt/kc1551-api, holding that part's wheel
# (KC1551_PART=desktop|server, see setup.py) and its dependencies from pip;
# the desktop also holds the self-built pjsua2 (installer/build-pjsua2.sh).
#
# Usage: installer/build-deb.sh [--version UPSTREAM] [--revision N] [--out DIR] [desktop] [api]
#   --version   upstream version (default: pyproject.toml's); the .deb's is UPSTREAM-N
#   --revision  Debian revision (default 1)
#   --out       where the .debs are copied (default dist/deb in the repository)
# KC1551_DEB_EXTRA_REQUIREMENTS: more requirements installed into the
# environments (a dependency pyproject.toml lacks, until it is added there);
# the build says so.
# Cache: ${KC1551_DEB_CACHE:-~/.cache/kc1551/debs}, keyed by a hash of every
# input (the part's source, setup.py, pyproject.toml, installer/debian, this
# script, the pjsua2 wheel, the Python version): a rebuild happens only when
# one of them changes, otherwise the cached .deb is copied at once.
# Needs: python3.11 with venv (python3-venv), dpkg-dev, binutils (strip), and
# a package index for pip (the dependencies are not vendored here).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
debian="$here/debian"
PYTHON=/usr/bin/python3.11
MAINTAINER="kc1551 maintainers <maintainers@kc1551.example.org>"

log() { echo "build-deb: $*" >&2; }
# pip with its chatter in a log, shown when it fails.
pip_in() {
    local python="$1"; shift
    if ! "$python" -m pip "$@" >>"$PIP_LOG" 2>&1; then
        tail -n 40 "$PIP_LOG" >&2
        die "pip $* failed"
    fi
}
die() { log "$*"; exit 1; }

version=""
revision=1
out="$repo/dist/deb"
parts=()
while [ $# -gt 0 ]; do
    case "$1" in
        --version) version="$2"; shift 2 ;;
        --revision) revision="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        desktop|api) parts+=("$1"); shift ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) die "unknown argument $1" ;;
    esac
done
[ ${#parts[@]} -gt 0 ] || parts=(desktop api)
if [ -z "$version" ]; then
    version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/pyproject.toml" | head -n1)"
fi
[ -n "$version" ] || die "no version in pyproject.toml"
debversion="$version-$revision"
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct)}"
export SOURCE_DATE_EPOCH
cache="${KC1551_DEB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kc1551/debs}"

[ -x "$PYTHON" ] || die "$PYTHON is missing (apt-get install python3.11 python3-venv)"
"$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || die "python3-venv is missing"
command -v dpkg-deb >/dev/null || die "dpkg-deb is missing"
command -v strip >/dev/null || die "strip is missing (binutils)"

# The repository's files of the given paths (tracked, or new and not ignored).
source_files() {
    git -C "$repo" ls-files -co --exclude-standard -- "$@" | while IFS= read -r f; do
        [ -f "$repo/$f" ] && printf '%s\n' "$f"
    done | sort -u
}

part_sources() {
    local packages
    case "$1" in
        desktop) packages=(operator_app kc1551_common resources) ;;
        api) packages=(server_api kc1551_common resources) ;;
    esac
    source_files "${packages[@]}" setup.py pyproject.toml README.md
}

pjsua2_wheel() {
    bash "$here/build-pjsua2.sh" "$PYTHON"
}

input_hash() {
    local part="$1" extra="$2"
    {
        echo "$part $debversion $("$PYTHON" -VV)"
        echo "$extra"
        echo "extra: ${KC1551_DEB_EXTRA_REQUIREMENTS:-}"
        sha256sum "$0"
        (cd "$repo" && find installer/debian -type f | sort | xargs sha256sum)
        (cd "$repo" && part_sources "$part" | xargs -d '\n' sha256sum)
    } | sha256sum | cut -c1-16
}

# Copies the part's source to $1 (the wheel is built from a clean copy: setup.py
# clears build/, and nothing of an earlier build may leak into it).
copy_sources() {
    local part="$1" dest="$2"
    mkdir -p "$dest"
    (cd "$repo" && part_sources "$part" | tar -cf - -T -) | tar -xf - -C "$dest"
}

# Removes what the desktop never loads from PySide6: Qt Quick/QML, Designer,
# the developer tools, Wayland/EGLFS/Vulkan platforms, plugins whose libraries
# the package does not depend on (GTK theme, CUPS), stubs and headers.
prune_pyside() {
    local pyside="$1"
    [ -d "$pyside" ] || die "PySide6 not installed in the environment"
    local lib="$pyside/Qt/lib" plugins="$pyside/Qt/plugins"
    rm -rf "$pyside/Qt/qml" "$pyside/Qt/libexec" "$pyside/Qt/metatypes" \
        "$pyside"/{assistant,designer,linguist,lrelease,lupdate,qmlformat,qmllint,qmlls,svgtoqml} \
        "$pyside"/{include,typesystems,glue,doc,scripts} \
        "$plugins"/{designer,qmltooling,qmllint,egldeviceintegrations,sqldrivers,vectorimageformats} \
        "$plugins"/wayland-* "$plugins"/platforms/{libqwayland*,libqeglfs.so,libqminimalegl.so,libqvkkhrdisplay.so} \
        "$plugins"/platformthemes/libqgtk3.so "$plugins"/printsupport \
        "$plugins"/platforminputcontexts/libqtvirtualkeyboardplugin.so \
        "$plugins"/imageformats/{libqpdf.so,libqjpeg.so,libqtiff.so,libqwebp.so,libqicns.so,libqtga.so,libqwbmp.so}
    rm -f "$lib"/libQt6{Qml,Quick,Labs,Lottie,Designer,Help,UiTools,Test,Sql,Wayland,Wl,EglFS,EglFs,VirtualKeyboard,Pdf}*.so*
    local module
    for module in Qml QmlFeatures Quick QuickControls2 QuickTest QuickWidgets Designer Help \
            UiTools Test Sql LabsStyleKit; do
        rm -f "$pyside/Qt$module.abi3.so" "$pyside/Qt$module.pyi"
    done
    rm -f "$pyside"/libpyside6qml.abi3.so* "$pyside"/*.pyi
    # Qt's own translations: only qtbase/qt of the two languages the desktop has.
    find "$pyside/Qt/translations" -type f ! -name 'qtbase_uk.qm' ! -name 'qtbase_en.qm' \
        ! -name 'qt_uk.qm' ! -name 'qt_en.qm' -delete
    # Every Qt library a remaining library or plugin needs must still be there.
    local missing
    missing="$(find "$pyside" -name '*.so*' -type f -print0 | xargs -0 -n 20 ldd 2>/dev/null \
        | grep -E '(libQt6|libpyside6|libshiboken6)[^ ]* => not found' | sort -u || true)"
    [ -z "$missing" ] || die "pruned too much from PySide6: $missing"
}

# numpy (the board's charts need it through pyqtgraph) ships its own test
# suite and test-only extension modules; the desktop never imports them.
prune_numpy() {
    local numpy="$1"
    [ -d "$numpy" ] || die "numpy not installed in the environment"
    find "$numpy" -depth -type d -name tests -exec rm -rf {} +
    rm -f "$numpy"/_core/_*_tests.cpython-*.so "$numpy"/conftest.py
    rm -rf "$numpy/_pyinstaller"
}

# Makes a virtual environment built at $stage$prefix work at $prefix.
relocate_venv() {
    local root="$1" prefix="$2"
    "$root/bin/python3" -m pip uninstall -q -y pip setuptools >/dev/null 2>&1 || true
    # bin/ keeps only the interpreter's links: the launchers in /usr/bin run
    # `python3 -I -m ...`, and the dependencies' console scripts are not for users.
    find "$root/bin" -mindepth 1 ! -type l -delete
    # Modules are not programs: no execute bits, and a shebang line becomes a
    # bare comment (the line numbers of tracebacks stay the same).
    find "$root/lib" -type f -perm /111 -exec chmod a-x {} +
    find "$root/lib" -type f -name '*.py' -exec sed -i '1s/^#!.*/#/' {} +
    sed -i "s|$root|$prefix|g" "$root/pyvenv.cfg"
    find "$root" -name direct_url.json -path '*.dist-info/*' -delete
    find "$root" -depth -type d -name __pycache__ -exec rm -rf {} +
    find "$root" -type f -name '*.py[co]' -delete
    # Debian's policy: no stray build paths, no stripped-able symbols left.
    find "$root" -type f \( -name '*.so' -o -name '*.so.*' \) -print0 | while IFS= read -r -d '' f; do
        if head -c 4 "$f" | grep -q 'ELF'; then
            strip --strip-unneeded --remove-section=.comment --remove-section=.note "$f" 2>/dev/null || true
        fi
    done
    if grep -rIl -- "$root" "$root" >/dev/null 2>&1; then
        die "build paths left in the environment: $(grep -rIl -- "$root" "$root" | head -n5)"
    fi
}

bundled_list() {
    local root="$1"
    "$root/bin/python3" -I - <<'EOF'
from importlib.metadata import distributions

rows = []
for dist in distributions():
    meta = dist.metadata
    licence = meta.get("License-Expression") or ""
    if not licence:
        text = meta.get("License") or ""
        licence = text if text and len(text) < 80 and "\n" not in text else ""
    if not licence:
        classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
                       if c.startswith("License ::")]
        licence = ", ".join(classifiers) or "see its dist-info"
    rows.append(f" {meta['Name']} {dist.version}: {licence}")
print("\n".join(sorted(set(rows), key=str.lower)))
EOF
}

# Fixed timestamps and modes, root ownership: the same inputs give the same tree.
normalise_tree() {
    local stage="$1"
    find "$stage" -path "$stage/DEBIAN" -prune -o -type d -exec chmod 0755 {} +
    find "$stage" -path "$stage/DEBIAN" -prune -o -type f -exec chmod u+rw,go+r,go-w {} +
    find "$stage" -path "$stage/DEBIAN" -prune -o -type f -perm /111 -exec chmod 0755 {} +
    find "$stage" -path "$stage/DEBIAN" -prune -o -type f ! -perm /111 -exec chmod 0644 {} +
    find "$stage/opt" -type f \( -name '*.so' -o -name '*.so.*' \) -exec chmod 0644 {} +
}

write_control() {
    local part_dir="$1" stage="$2"
    local size
    size="$(du -sk --apparent-size --exclude=DEBIAN "$stage" | cut -f1)"
    mkdir -p "$stage/DEBIAN"
    sed -e "s|@VERSION@|$debversion|" -e "s|@MAINTAINER@|$MAINTAINER|" \
        -e "s|@INSTALLED_SIZE@|$size|" "$part_dir/control.in" > "$stage/DEBIAN/control"
    cp "$part_dir/conffiles" "$stage/DEBIAN/conffiles"
    local script
    for script in config postinst prerm postrm; do
        if [ -f "$part_dir/$script" ]; then
            install -m 0755 "$part_dir/$script" "$stage/DEBIAN/$script"
        fi
    done
    [ -f "$part_dir/templates" ] && install -m 0644 "$part_dir/templates" "$stage/DEBIAN/templates"
    (cd "$stage" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -print0 \
        | sort -z | xargs -0 md5sum | sed 's|  \./|  |') > "$stage/DEBIAN/md5sums"
    chmod 0644 "$stage/DEBIAN/md5sums" "$stage/DEBIAN/control" "$stage/DEBIAN/conffiles"
}

changelog_for() {
    local package="$1"
    {
        local top
        top="$(sed -n '1s/^kc1551 (\([^)]*\)).*/\1/p' "$debian/changelog")"
        if [ "$top" != "$debversion" ]; then
            echo "$package ($debversion) bookworm; urgency=medium"
            echo
            echo "  * Built as $debversion by installer/build-deb.sh from the same sources."
            echo
            echo " -- $MAINTAINER  $(date -u -R -d @"${SOURCE_DATE_EPOCH}")"
            echo
        fi
        sed "s/^kc1551 (/$package (/" "$debian/changelog"
    }
}

common_docs() {
    local package="$1" stage="$2" prefix="$3" root="$4"
    local doc="$stage/usr/share/doc/$package"
    mkdir -p "$doc"
    changelog_for "$package" | gzip -9n > "$doc/changelog.Debian.gz"
    local bundled
    bundled="$(bundled_list "$root")"
    awk -v package="$package" -v prefix="$prefix" -v bundled="$bundled" '
        { gsub(/@PACKAGE@/, package); gsub(/@PREFIX@/, prefix) }
        /^@BUNDLED@$/ { print bundled; next }
        { print }' "$debian/copyright" > "$doc/copyright"
    mkdir -p "$stage/usr/share/lintian/overrides"
    cp "$debian/$5/lintian-overrides" "$stage/usr/share/lintian/overrides/$package"
}

build_desktop() {
    local work="$1" pjsua2="$2"
    local prefix=/opt/kc1551-desktop stage="$work/stage"
    local root="$stage$prefix"
    copy_sources desktop "$work/src"
    "$PYTHON" -m venv "$root"
    log "desktop: wheel (KC1551_PART=desktop)"
    KC1551_PART=desktop pip_in "$root/bin/python3" wheel -q --no-deps -w "$work/wheels" "$work/src"
    local wheel
    wheel="$(ls "$work"/wheels/kc1551-*.whl)"
    log "desktop: installing $(basename "$wheel")[desktop] and $(basename "$pjsua2")"
    # shellcheck disable=SC2086
    pip_in "$root/bin/python3" install -q --no-compile "$wheel[desktop]" "$pjsua2" \
        ${KC1551_DEB_EXTRA_REQUIREMENTS:-}
    [ -z "${KC1551_DEB_EXTRA_REQUIREMENTS:-}" ] \
        || log "WARNING: added by hand, not in pyproject.toml: $KC1551_DEB_EXTRA_REQUIREMENTS"
    "$root/bin/python3" -m pip freeze --exclude-editable 2>/dev/null \
        | grep -v '^kc1551' > "$work/requirements.txt" || true
    prune_pyside "$root/lib/python3.11/site-packages/PySide6"
    prune_numpy "$root/lib/python3.11/site-packages/numpy"
    # Every module the desktop loads at start, the windows too, after the pruning.
    QT_QPA_PLATFORM=offscreen "$root/bin/python3" -I -c \
        'import operator_app.__main__, operator_app.smoke, operator_app.ui.app, operator_app.ui.login_dialog, operator_app.ui.board_window, operator_app.telephony.engine, operator_app.update_watch' \
        || die "the desktop does not import in its environment (a dependency missing from pyproject.toml's desktop extra?)"
    if "$root/bin/python3" -I -c 'import fastapi' 2>/dev/null \
        || "$root/bin/python3" -I -c 'import psycopg' 2>/dev/null; then
        die "server packages ended up in the desktop's environment"
    fi
    relocate_venv "$root" "$prefix"
    mkdir -p "$root/share"
    cp "$work/requirements.txt" "$root/share/requirements.txt"
    # The running desktop watches this file (operator_app/update_watch.py).
    echo "$debversion" > "$root/VERSION"

    local d="$debian/desktop"
    install -D -m 0755 "$d/kc1551-desktop" "$stage/usr/bin/kc1551-desktop"
    install -D -m 0755 "$d/kc1551-softphone" "$stage/usr/bin/kc1551-softphone"
    install -D -m 0644 "$d/ua.gov.kyivcity.kc1551.desktop" \
        "$stage/usr/share/applications/ua.gov.kyivcity.kc1551.desktop"
    install -D -m 0644 "$repo/resources/icons/kc1551.svg" \
        "$stage/usr/share/icons/hicolor/scalable/apps/ua.gov.kyivcity.kc1551.svg"
    mkdir -p "$stage/usr/share/metainfo"
    sed -e "s|@UPSTREAM_VERSION@|$version|" \
        -e "s|@RELEASE_DATE@|$(date -u +%Y-%m-%d -d @"${SOURCE_DATE_EPOCH}")|" \
        "$d/ua.gov.kyivcity.kc1551.metainfo.xml" \
        > "$stage/usr/share/metainfo/ua.gov.kyivcity.kc1551.metainfo.xml"
    mkdir -p "$stage/usr/share/man/man1"
    gzip -9n < "$d/kc1551-desktop.1" > "$stage/usr/share/man/man1/kc1551-desktop.1.gz"
    gzip -9n < "$d/kc1551-softphone.1" > "$stage/usr/share/man/man1/kc1551-softphone.1.gz"
    install -D -m 0644 "$d/desktop.ini" "$stage/etc/kc1551/desktop.ini"
    common_docs kc1551-desktop "$stage" "$prefix" "$root" desktop
}

build_api() {
    local work="$1"
    local prefix=/opt/kc1551-api stage="$work/stage"
    local root="$stage$prefix"
    copy_sources api "$work/src"
    "$PYTHON" -m venv "$root"
    log "api: wheel (KC1551_PART=server)"
    KC1551_PART=server pip_in "$root/bin/python3" wheel -q --no-deps -w "$work/wheels" "$work/src"
    local wheel
    wheel="$(ls "$work"/wheels/kc1551-*.whl)"
    log "api: installing $(basename "$wheel")[server]"
    pip_in "$root/bin/python3" install -q --no-compile "$wheel[server]"
    "$root/bin/python3" -m pip freeze --exclude-editable 2>/dev/null \
        | grep -v '^kc1551' > "$work/requirements.txt" || true
    "$root/bin/python3" -I -c 'import server_api.__main__, server_api.app, uvicorn, psycopg' \
        || die "the API does not import in its environment"
    if "$root/bin/python3" -I -c 'import PySide6' 2>/dev/null \
        || "$root/bin/python3" -I -c 'import pjsua2' 2>/dev/null; then
        die "desktop packages ended up in the API's environment"
    fi
    relocate_venv "$root" "$prefix"
    mkdir -p "$root/share"
    cp "$work/requirements.txt" "$root/share/requirements.txt"
    echo "$debversion" > "$root/VERSION"

    local d="$debian/api"
    install -D -m 0755 "$d/serve" "$root/libexec/serve"
    install -D -m 0644 "$d/kc1551-api.service" "$stage/lib/systemd/system/kc1551-api.service"
    install -D -m 0640 "$d/api.env" "$stage/etc/kc1551/api.env"
    install -D -m 0644 "$d/README.Debian" "$stage/usr/share/doc/kc1551-api/README.Debian"
    common_docs kc1551-api "$stage" "$prefix" "$root" api
}

build_part() {
    local part="$1"
    local package="kc1551-$part" extra="" pjsua2=""
    if [ "$part" = desktop ]; then
        pjsua2="$(pjsua2_wheel)"
        extra="pjsua2 $(sha256sum "$pjsua2" | cut -c1-16)"
    fi
    local key name cached
    key="$(input_hash "$part" "$extra")"
    name="${package}_${debversion}_amd64.deb"
    cached="$cache/$package-$debversion-$key/$name"
    if [ ! -f "$cached" ]; then
        log "$package $debversion: building (inputs $key)"
        local work
        work="$(mktemp -d "${TMPDIR:-/tmp}/kc1551-deb.XXXXXX")"
        PIP_LOG="$work/pip.log"
        # shellcheck disable=SC2064
        trap "rm -rf '$work'" EXIT
        if [ "$part" = desktop ]; then build_desktop "$work" "$pjsua2"; else build_api "$work"; fi
        normalise_tree "$work/stage"
        [ "$part" = api ] && chmod 0640 "$work/stage/etc/kc1551/api.env"
        write_control "$debian/$part" "$work/stage"
        find "$work/stage" -newermt "@${SOURCE_DATE_EPOCH}" \
            -exec touch -h -d "@${SOURCE_DATE_EPOCH}" {} + 2>/dev/null || true
        mkdir -p "$(dirname "$cached")"
        dpkg-deb --root-owner-group -Zxz --build "$work/stage" "$cached.part" >&2
        mv "$cached.part" "$cached"
        rm -rf "$work"
        trap - EXIT
        log "built $name ($(du -h "$cached" | cut -f1))"
    else
        log "$name: cached (inputs $key)"
    fi
    mkdir -p "$out"
    cp -f "$cached" "$out/$name"
    echo "$out/$name"
}

for part in "${parts[@]}"; do
    build_part "$part"
done

# Shared set-up for run-demo.sh and test.sh: source it, don't run it.
# Installs what BenefitDesk needs on a fresh Debian/Ubuntu machine (idempotent):
# the Debian libraries Qt loads, a Python >= 3.11 virtual environment in .venv,
# and the package with its test extra.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        log "need root to run: $*"; return 1; fi
}

# Debian packages: Qt's offscreen/xcb platform plugins and the virtual screen,
# PostgreSQL (the tests start a throwaway server of their own for team mode), and a C
# compiler with the interpreter's headers (the compiled build: tests/test_compiled.py).
ensure_debian_packages() {
    command -v apt-get >/dev/null || return 0
    local wanted=(libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
        libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
        libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1
        fonts-dejavu-core appstream desktop-file-utils shared-mime-info postgresql
        gcc libc6-dev $(python_headers_package) "$@")
    local missing=()
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing Debian packages: ${missing[*]}"
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null
    fi
}

# The Debian package with Python.h for the interpreter find_python picks, when it is
# Debian's own and its headers are missing (a python.org or pyenv build carries them).
python_headers_package() {
    local python
    python="$(find_python 2>/dev/null)" || return 0
    "$python" - <<'PY'
import sys, sysconfig
from pathlib import Path
if sys.executable.startswith("/usr/bin/") and not Path(sysconfig.get_paths()["include"], "Python.h").is_file():
    print(f"libpython{sys.version_info.major}.{sys.version_info.minor}-dev")
PY
}

find_python() {
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"; return 0
        fi
    done
    log "BenefitDesk needs Python 3.11 or newer"; return 1
}

ensure_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        log "creating virtual environment in .venv"
        "$(find_python)" -m venv "$VENV"
    fi
    local stamp="$VENV/.installed-$(cat "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)"
    if [ ! -f "$stamp" ]; then
        log "installing BenefitDesk and its test tools into .venv"
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT[test]"
        rm -f "$VENV"/.installed-*
        touch "$stamp"
    fi
}

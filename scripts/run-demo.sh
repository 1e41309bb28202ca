#!/usr/bin/env bash
# Set everything up and open BenefitDesk on the demo portfolio.
#
#   scripts/run-demo.sh                    the window, on this machine's screen
#   scripts/run-demo.sh --vnc              no screen here: a virtual one to watch over VNC
#   scripts/run-demo.sh --screenshot F.png no screen here: a picture of the window
#
# Without a screen (no DISPLAY or WAYLAND_DISPLAY) and without an option, it does not
# start a window nobody can see: it says what to do instead and exits.
source "$(dirname "$0")/bootstrap.sh"

mode=window
shot=""
case "${1:-}" in
    "") ;;
    --vnc) mode=vnc ;;
    --screenshot)
        mode=screenshot
        shot="${2:?--screenshot needs a file name, e.g. --screenshot demo.png}"
        ;;
    -h | --help) sed -n '2,9p' "$0" | cut -c3-; exit 0 ;;
    *) log "unknown option $1 (see --help)"; exit 2 ;;
esac

has_screen() { [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; }

extra=()
case "$mode" in
    vnc) extra=(xvfb x11vnc) ;;
    screenshot) extra=(xvfb imagemagick) ;;
esac
ensure_debian_packages "${extra[@]}"
ensure_venv
DATA="${XDG_DATA_HOME:-$HOME/.local/share}/BenefitDesk"
DEMO="$DATA/Demo portfolio.sqlite"
APP="$VENV/bin/benefitdesk"
if [ ! -f "$DEMO" ]; then
    mkdir -p "$DATA"
    "$APP" demo "$DEMO"
fi

no_screen_help() {
    cat >&2 <<EOF
No screen here (neither DISPLAY nor WAYLAND_DISPLAY is set), so BenefitDesk's window
would open where nobody can see it. The demo portfolio is ready:
    $DEMO

Try it on the command line:
    $APP report "$DEMO"
    $APP check "$DEMO"
    $APP board-pack "$DEMO" board-pack.xlsx

Or see the window:
    ssh -X this machine from one with a screen, then run scripts/run-demo.sh again
    scripts/run-demo.sh --vnc                 a virtual screen to watch with a VNC viewer
    scripts/run-demo.sh --screenshot demo.png a picture of the window, then it closes
EOF
}

# A virtual screen of our own (the first free display from :90), stopped on exit.
start_virtual_screen() {
    local n=90
    while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
    Xvfb ":$n" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
    XVFB_PID=$!
    export DISPLAY=":$n"
    unset WAYLAND_DISPLAY
    for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && return 0; sleep 0.1; done
    log "the virtual screen did not start"; return 1
}

stop_all() {
    # The window first, and waited for: a screen pulled from under it makes it complain.
    if [ -n "${APP_PID:-}" ]; then kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null; fi
    for pid in ${VNC_PID:-} ${XVFB_PID:-}; do kill "$pid" 2>/dev/null || true; done
}

case "$mode" in
    window)
        if ! has_screen; then
            no_screen_help
            exit 1
        fi
        exec "$APP" "$DEMO"
        ;;
    vnc)
        trap stop_all EXIT
        start_virtual_screen
        x11vnc -display "$DISPLAY" -localhost -forever -shared -nopw -quiet -rfbport 5900 \
            >/dev/null 2>&1 &
        VNC_PID=$!
        log "BenefitDesk runs on a virtual screen. Watch it with a VNC viewer on localhost:5900"
        log "(from another machine: ssh -L 5900:localhost:5900 $(hostname), then the viewer)."
        log "Stop it with Ctrl+C, or File > Quit in the window."
        "$APP" "$DEMO" &
        APP_PID=$!
        wait "$APP_PID"
        ;;
    screenshot)
        trap stop_all EXIT
        start_virtual_screen
        "$APP" "$DEMO" &
        APP_PID=$!
        sleep 8  # the window opens, loads the demo and draws its charts
        import -window root "$shot"
        log "a picture of the window is in $shot"
        ;;
esac

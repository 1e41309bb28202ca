#!/usr/bin/env bash
# Set everything up and open BenefitDesk on the demo portfolio.
# Without a screen (no DISPLAY), the window opens on a virtual one (Xvfb).
source "$(dirname "$0")/bootstrap.sh"
extra=()
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then extra=(xvfb xauth); fi
ensure_debian_packages "${extra[@]}"
ensure_venv
DATA="${XDG_DATA_HOME:-$HOME/.local/share}/BenefitDesk"
DEMO="$DATA/Demo portfolio.sqlite"
if [ ! -f "$DEMO" ]; then
    mkdir -p "$DATA"
    "$VENV/bin/benefitdesk" demo "$DEMO"
fi
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    log "no screen found: opening BenefitDesk on a virtual screen (xvfb-run)"
    exec xvfb-run -a -s "-screen 0 1600x1000x24" "$VENV/bin/benefitdesk" "$DEMO"
fi
exec "$VENV/bin/benefitdesk" "$DEMO"

#!/usr/bin/env bash
# Set everything up (Debian packages, .venv) and run the whole test suite.
# Extra arguments go to pytest, e.g. scripts/test.sh -k report
source "$(dirname "$0")/bootstrap.sh"
ensure_debian_packages
ensure_venv
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
# bootstrap installed a C compiler: the compiled build's test must run, not skip
export BENEFITDESK_REQUIRE_COMPILED=1
"$VENV/bin/ruff" check src tests benchmarks
"$VENV/bin/mypy"  # src/, configured in pyproject.toml ([tool.mypy])
exec "$VENV/bin/python" -m pytest "$@"

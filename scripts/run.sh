#!/usr/bin/env bash
# Installs what is missing, builds, and starts S-HNN Studio (the default preset trains and
# shows at once). Without a display it falls back to a virtual one (xvfb-run).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
if [ -x build/app/studio/shnn-studio ]; then
  if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec build/app/studio/shnn-studio "$@"
  fi
  echo "no display found: starting the studio on a virtual X display (xvfb-run)" >&2
  exec xvfb-run -a -s "-screen 0 1600x1000x24" build/app/studio/shnn-studio "$@"
fi
# Without the studio: the command-line tool on the E3 pendulum.
exec build/app/shnn fit --system single_pendulum --domain=-2pi:2pi,-6:6 --sampler uswim --width 500 "$@"

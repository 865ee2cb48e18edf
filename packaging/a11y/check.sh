#!/bin/sh
# make a11y-check: what a screen reader is told and finds during a short routine, a cramp
# relief and the pages, through the real AT-SPI bus. Starts a private session bus, the
# AT-SPI bus and a virtual screen, runs the window with the voice muted (so the screen
# reader is the voice) and walks its tree with pyatspi (Debian: python3-pyatspi, the system
# Python) after each page change: library, player, cramp chooser, relief, library, history
# (keys sent with xdotool). Fails on a nameless focusable control, a phase change that no
# announcement followed, a widget or an item view's row that claims showing inside a
# hidden one, more than one widget that claims focus, or a page the tour did not reach.
# Usage: packaging/a11y/check.sh [PYTHON]   (PYTHON runs stretchapp; default .venv/bin/python)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
python=${1:-.venv/bin/python}
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null \
  || { echo "a11y-check: needs python3-pyatspi (packaging/sysdeps.sh test)"; exit 2; }
command -v xdotool >/dev/null \
  || { echo "a11y-check: needs xdotool (packaging/sysdeps.sh test)"; exit 2; }
[ -x /usr/libexec/at-spi-bus-launcher ] \
  || { echo "a11y-check: needs at-spi2-core (packaging/sysdeps.sh test)"; exit 2; }
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/routines"
cat > "$home/routines/a11y-check.yaml" <<'YAML'
title: Screen reader check
category: daily
summary: Two short holds with a rest, for make a11y-check.
prepare: 6s
steps:
  - exercise: calf-lunge
    hold: 3s
    reps: 2
    rest: 2s
YAML
echo '{"muted": true}' > "$home/settings.json"
export STRETCHAPP_HOME="$home" HOME="$home" XDG_RUNTIME_DIR="$home"
export A11Y_PYTHON="$python" A11Y_HERE="$here"
exec dbus-run-session -- sh -c '
  display=:$((90 + $$ % 100))
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  /usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
  bus=$!
  export DISPLAY="$display" QT_QPA_PLATFORM=xcb QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1
  export NO_AT_BRIDGE=0 QT_ACCESSIBILITY=1
  sleep 1
  /usr/bin/python3 "$A11Y_HERE/walk.py" &
  walker=$!
  sleep 1
  "$A11Y_PYTHON" -m stretchapp gui --routine a11y-check >"$HOME/app.log" 2>&1 &
  app=$!
  status=0
  wait $walker || status=$?
  kill $app $bus $xvfb 2>/dev/null || true
  wait $app 2>/dev/null || true
  [ $status = 0 ] || sed "s/^/  app: /" "$HOME/app.log"
  exit $status
'

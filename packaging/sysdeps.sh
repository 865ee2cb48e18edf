#!/bin/sh
# Installs the Debian/Ubuntu packages stretchapp needs, when run as root;
# otherwise prints the exact command to run. `run` is what the program needs;
# `test` adds the sound server the test suite listens with, and a virtual screen,
# a session bus and a notification server (dunst) the reminder tests notify on,
# and the AT-SPI bus with a client (pyatspi) and xdotool (keys) for make a11y-check.
set -u
mode=${1:-run}
[ -r /etc/debian_version ] || { echo "sysdeps: not Debian or Ubuntu: install espeak-ng and Qt's xcb libraries yourself"; exit 0; }
pkgs="espeak-ng libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libxcb-cursor0 libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0"
python3 -c 'import ensurepip' 2>/dev/null || pkgs="$pkgs python3-venv"
if [ "$mode" = test ]; then
  pkgs="$pkgs pulseaudio pulseaudio-utils desktop-file-utils appstream"
  pkgs="$pkgs xvfb dbus dbus-bin dunst libnotify-bin x11-utils at-spi2-core python3-pyatspi xdotool"
fi
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "sysdeps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $missing >/dev/null \
    || { echo "sysdeps: apt-get failed; run: apt-get install$missing"; exit 1; }
else
  echo "sysdeps: these packages are missing; install them with:"
  echo "  sudo apt-get install$missing"
  echo "(stretchapp still starts without espeak-ng: it shows its cues instead of speaking them)"
  [ "$mode" = test ] && [ "${CI:-}" = true ] && exit 1
fi
exit 0

#!/bin/sh
# Installs (or removes) stretchapp's desktop entry, AppStream metainfo and icons.
#
#   sh packaging/linux/install.sh install [--exec COMMAND]
#   sh packaging/linux/install.sh uninstall
#
# Where: $DESTDIR$PREFIX/share when PREFIX or DESTDIR is set (a package build;
# PREFIX defaults to /usr/local), else ${XDG_DATA_HOME:-~/.local/share} (the
# current user). --exec puts COMMAND in place of `stretchapp` on the Exec lines,
# for a stretchapp that is not on PATH (a checkout's .venv/bin/stretchapp).
set -eu

APP_ID=io.github.stretchapp.StretchApp
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SVG=$ROOT/assets/icons/stretchapp.svg
SIZES="16 22 24 32 48 64 128 256 512"

usage() {
  echo "usage: $0 install [--exec COMMAND] | uninstall" >&2
  exit 2
}

[ $# -ge 1 ] || usage
action=$1
shift
exec_command=""
while [ $# -gt 0 ]; do
  case $1 in
    --exec) [ $# -ge 2 ] || usage; exec_command=$2; shift 2 ;;
    --exec=*) exec_command=${1#--exec=}; shift ;;
    *) usage ;;
  esac
done

packaging=false
if [ -n "${PREFIX:-}" ] || [ -n "${DESTDIR:-}" ]; then
  packaging=true
  datadir=${DESTDIR:-}${PREFIX:-/usr/local}/share
else
  datadir=${XDG_DATA_HOME:-}
  case $datadir in
    /*) ;;
    *) datadir=$HOME/.local/share ;;  # the XDG spec: a relative value is ignored
  esac
fi

desktop=$datadir/applications/$APP_ID.desktop
metainfo=$datadir/metainfo/$APP_ID.metainfo.xml
icons=$datadir/icons/hicolor
svg_target=$icons/scalable/apps/$APP_ID.svg

# The desktop-entry spec's quoting for an Exec argument: inside double quotes,
# backslash, double quote, backquote and dollar take a backslash; then, as for
# any string value, every backslash is doubled; and % is written %%.
quote_exec() {
  printf '%s' "$1" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g' -e 's/%/%%/g' -e 's/.*/"&"/'
}

refresh_caches() {
  $packaging && return 0  # a package's install triggers do this on the target
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$datadir/applications" 2>/dev/null || true
  fi
  # A user's hicolor folder usually has no cache; making one would hide icons that
  # other programs add later without refreshing it. Keep an existing one fresh, and
  # otherwise touch the folder, which is what icon themes watch.
  if [ -f "$icons/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f "$icons" 2>/dev/null || true
  elif [ -d "$icons" ]; then
    touch "$icons"
  fi
}

put() {  # put SOURCE TARGET: copy with mode 644, making the folder
  mkdir -p "$(dirname "$2")"
  cp "$1" "$2.tmp.$$"
  chmod 644 "$2.tmp.$$"
  mv -f "$2.tmp.$$" "$2"
  echo "installed $2"
}

install_files() {
  [ -f "$SVG" ] || { echo "install.sh: $SVG is missing" >&2; exit 1; }
  for size in $SIZES; do
    put "$HERE/icons/hicolor/${size}x$size/apps/$APP_ID.png" \
      "$icons/${size}x$size/apps/$APP_ID.png"
  done
  put "$SVG" "$svg_target"
  put "$HERE/$APP_ID.metainfo.xml" "$metainfo"
  if [ -n "$exec_command" ]; then
    quoted=$(quote_exec "$exec_command")
    # TryExec is a plain string: only its backslashes are escaped
    plain=$(printf '%s' "$exec_command" | sed -e 's/\\/\\\\/g')
    # sed's replacement treats & and \ specially (and | is the delimiter): escape them once more
    for_exec=$(printf '%s' "$quoted" | sed -e 's/[\\&|]/\\&/g')
    for_try=$(printf '%s' "$plain" | sed -e 's/[\\&|]/\\&/g')
    mkdir -p "$(dirname "$desktop")"
    sed -e "s|^Exec=stretchapp|Exec=$for_exec|" -e "s|^TryExec=stretchapp\$|TryExec=$for_try|" \
      "$HERE/$APP_ID.desktop" >"$desktop.tmp.$$"
    chmod 644 "$desktop.tmp.$$"
    mv -f "$desktop.tmp.$$" "$desktop"
    echo "installed $desktop (Exec=$quoted)"
  else
    put "$HERE/$APP_ID.desktop" "$desktop"
  fi
  refresh_caches
}

remove() {  # remove FILE, then the folders it leaves empty up to (not including) $datadir
  [ -e "$1" ] || return 0
  rm -f "$1"
  echo "removed $1"
  dir=$(dirname "$1")
  while [ "$dir" != "$datadir" ] && [ "$dir" != / ] && rmdir "$dir" 2>/dev/null; do
    dir=$(dirname "$dir")
  done
}

uninstall_files() {
  remove "$desktop"
  remove "$metainfo"
  remove "$svg_target"
  for size in $SIZES; do
    remove "$icons/${size}x$size/apps/$APP_ID.png"
  done
  refresh_caches
}

case $action in
  install) install_files ;;
  uninstall) uninstall_files ;;
  *) usage ;;
esac

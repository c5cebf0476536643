#!/bin/sh
# Install FlashDeck for the current user, no root needed (PREFIX defaults to ~/.local):
#   PREFIX/lib/flashdeck/     the app (the flashdeck/ folder beside this script)
#   PREFIX/bin/flashdeck      a link to it, for the command line
#   PREFIX/share/applications, metainfo, icons/hicolor   the menu entry, its description and icons
# Run it again to update. `./install.sh --uninstall` removes all of the above; your collection
# (~/.local/share/flashdeck, see the README) is never touched by either.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
app_id=io.github.flashdeck.FlashDeck
lib=$prefix/lib/flashdeck
bin=$prefix/bin/flashdeck
share=$prefix/share
desktop=$share/applications/$app_id.desktop

installed_files() {
    echo "$desktop"
    echo "$share/metainfo/$app_id.metainfo.xml"
    (cd "$here/share" && find icons -type f) | sed "s|^|$share/|"
}

if [ "${1:-}" = "--uninstall" ]; then
    installed_files | while read -r f; do rm -f "$f"; done
    rm -f "$bin"
    rm -rf "$lib"
    echo "FlashDeck removed from $prefix"
    exit 0
elif [ $# -gt 0 ]; then
    echo "usage: $0 [--uninstall]" >&2
    exit 2
fi

# The new copy goes in beside the old one first, so a failed copy leaves the old app working.
mkdir -p "$prefix/lib" "$prefix/bin"
rm -rf "$lib.new"
cp -R "$here/flashdeck" "$lib.new"
rm -rf "$lib"
mv "$lib.new" "$lib"
ln -sfn "$lib/flashdeck" "$bin"

mkdir -p "$share/applications" "$share/metainfo"
cp -R "$here/share/icons" "$share/"
cp "$here/share/metainfo/$app_id.metainfo.xml" "$share/metainfo/"
# The menu entry runs the app by its full path: PREFIX/bin is not on every desktop session's PATH.
sed "s|^Exec=.*|Exec=$lib/flashdeck|" "$here/share/applications/$app_id.desktop" > "$desktop"

echo "FlashDeck installed: $bin (the menu entry: $desktop)"

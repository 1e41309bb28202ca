#!/bin/sh
# Register BenefitDesk with the Linux desktop: the menu entry, icons, AppStream metainfo
# and the portfolio file type, so that portfolios open in BenefitDesk with a double click.
#
#   ./install-desktop.sh                  for you (in ${XDG_DATA_HOME:-~/.local/share})
#   sudo ./install-desktop.sh --data-dir /usr/local/share      for everyone
#   ./install-desktop.sh --uninstall      removes what it installed
#
# It registers the program beside this script when run from the bundle folder,
# else the `benefitdesk` command on PATH (pip or pipx install); --exec PROGRAM overrides.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
share="$here/share"
data_dir="${XDG_DATA_HOME:-$HOME/.local/share}"
for_user=yes
program=""
action=install
while [ $# -gt 0 ]; do
    case "$1" in
        --data-dir) data_dir="$2"; for_user=no; shift 2 ;;
        --exec) program="$2"; shift 2 ;;
        --uninstall) action=uninstall; shift ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install-desktop.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

desktop="applications/benefitdesk.desktop"
metainfo="metainfo/io.github.benefitdesk.BenefitDesk.metainfo.xml"
mime="mime/packages/benefitdesk.xml"
icons=$(cd "$share" && find icons -type f | sort)

refresh() {  # the caches desktops read; each tool is optional
    if [ -d "$data_dir/mime/packages" ] && command -v update-mime-database >/dev/null; then
        update-mime-database "$data_dir/mime"
    fi
    if [ -d "$data_dir/applications" ] && command -v update-desktop-database >/dev/null; then
        update-desktop-database -q "$data_dir/applications" || true
    fi
    if [ -f "$data_dir/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null; then
        gtk-update-icon-cache -q -t -f "$data_dir/icons/hicolor" || true
    elif [ -d "$data_dir/icons/hicolor" ]; then
        touch "$data_dir/icons/hicolor"  # no cache here: a newer folder makes GTK rescan
    fi
}

if [ "$action" = uninstall ]; then
    for file in $desktop $metainfo $mime $icons; do rm -f "$data_dir/$file"; done
    refresh
    echo "BenefitDesk removed from the desktop ($data_dir)"
    exit 0
fi

if [ -z "$program" ]; then
    if [ -x "$here/benefitdesk" ] && [ ! -d "$here/benefitdesk" ]; then
        program="$here/benefitdesk"
    else
        program=$(command -v benefitdesk || true)
    fi
fi
if [ -z "$program" ] || [ ! -x "$program" ]; then
    echo "install-desktop.sh: no benefitdesk program found; install BenefitDesk first" \
        "(pipx install benefitdesk) or pass --exec PROGRAM" >&2
    exit 1
fi
case "$program" in /*) ;; *) program="$(cd "$(dirname "$program")" && pwd)/$(basename "$program")" ;; esac

for file in $metainfo $mime $icons; do
    mkdir -p "$(dirname "$data_dir/$file")"
    cp "$share/$file" "$data_dir/$file"
done
mkdir -p "$data_dir/applications"
# Exec takes the path quoted and escaped as the desktop entry spec says; TryExec plainly.
quoted=$(printf '%s' "$program" | sed 's/[\\"`$]/\\\\&/g')
plain=$(printf '%s' "$program" | sed 's/\\/\\\\/g')
while IFS= read -r line; do
    case "$line" in
        Exec=*) printf 'Exec="%s" %%f\n' "$quoted" ;;
        TryExec=*) printf 'TryExec=%s\n' "$plain" ;;
        *) printf '%s\n' "$line" ;;
    esac
done < "$share/$desktop" > "$data_dir/$desktop"
refresh
if [ "$for_user" = yes ] && command -v xdg-mime >/dev/null; then
    xdg-mime default benefitdesk.desktop application/x-benefitdesk-portfolio || true
fi
echo "BenefitDesk added to the desktop ($data_dir), running $program"

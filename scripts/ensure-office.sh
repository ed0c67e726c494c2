#!/bin/sh
# Debian's CJK fonts (charts and Word documents render Chinese text) and, for the tests that
# open generated documents, LibreOffice and poppler (pdftotext, pdffonts). Never a download.
set -e
need=""
fc-list :lang=zh 2>/dev/null | grep -q . || need="$need fonts-noto-cjk"
[ "${1:-}" = "--fonts-only" ] || {
    command -v soffice >/dev/null || need="$need libreoffice-writer-nogui"
    command -v pdftotext >/dev/null || need="$need poppler-utils"
}
[ -z "$need" ] && exit 0
echo "Installing Debian packages:$need"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
elif command -v sudo >/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
fc-list :lang=zh | grep -q . || { echo "No CJK font: apt-get install -y fonts-noto-cjk" >&2; exit 1; }
[ "${1:-}" = "--fonts-only" ] || command -v soffice >/dev/null || {
    echo "The document tests need LibreOffice: apt-get install -y libreoffice-writer-nogui poppler-utils" >&2; exit 1; }

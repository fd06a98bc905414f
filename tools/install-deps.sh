#!/bin/sh
# install-deps.sh - install the Debian 12 packages the build and the tests need, only
# those that are missing, with sudo when not root. Used by `make run` and `make test`;
# `install-deps.sh bench` adds what `make bench` needs (wrk, nginx, curl, python3).
# The browser tests need chromium, and Node.js with npm: Debian's nodejs and npm are
# installed only when the node and npm commands are missing, so that a Node.js installed
# otherwise stays as it is.
set -eu

PACKAGES="build-essential pkg-config libmicrohttpd-dev libsqlite3-dev libjansson-dev
libmaxminddb-dev libsodium-dev zlib1g-dev libcmocka-dev libcurl4-openssl-dev strace
tzdata libmaxmind-db-writer-perl chromium"
command -v node >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs"
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"
if [ "${1:-}" = bench ]; then
	PACKAGES="$PACKAGES wrk nginx curl python3"
fi

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: missing packages:$missing; run as root or install sudo" >&2
	exit 1
fi
echo "install-deps: installing$missing"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing

#!/bin/sh
# The team-server tests run a real PostgreSQL server (scripts/pg-throwaway.sh). Install Debian's
# `postgresql` package (the server programs; no cluster of ours is started by it) when its initdb is
# missing, as root or with sudo. Does nothing when it is there; without apt-get it only says so, and
# the PostgreSQL half of the tests is then skipped with a loud notice (CI makes that a failure).
set -e
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && exit 0
command -v initdb >/dev/null 2>&1 && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "annotator: PostgreSQL server programs (initdb, pg_ctl) not found; install PostgreSQL to run the team-server tests." >&2
    exit 0
fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
echo "annotator: installing PostgreSQL (for the team-server tests)"
$SUDO apt-get update -qq || true
# policy-rc.d-less containers would start Debian's own cluster; we never use it, and it does no harm.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null

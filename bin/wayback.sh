#!/bin/sh
# The `wayback` command PostgreSQL runs as archive_command and restore_command (see wayback.ts).
# scripts/build-cli.ts writes it as bin/wayback with the path of node filled in.
#
# PostgreSQL waits for these once per WAL segment, and starting Node costs more than the work
# when a warm Wayback process does it: a segment the background pusher archived (its marker in
# pg_wal/wayback-archived/ names this cluster and this very file: inode, size, modification
# time) — waited for while a pusher runs and PostgreSQL has marked the file ready — or a segment
# the restore job fetched and verified (in --prefetch-dir). Those cases are answered here;
# anything else, including a marker this shell reads differently from Node, a pusher that stopped
# or took more than 30 s, goes to the Node CLI, which checks again and does the work.
NODE='@NODE@'
CLI="$(dirname -- "$0")/wayback.mjs"

command=${1-}
cluster=
prefetch=
last=
name=
previous=
for arg in "$@"; do
  case $previous in
    --cluster) cluster=$arg ;;
    --prefetch-dir) prefetch=$arg ;;
  esac
  previous=$arg
  name=$last
  last=$arg
done

if [ "$command" = wal-push ] && [ -n "$cluster" ] && [ -n "$last" ]; then
  dir=$(dirname -- "$last")
  file=$(basename -- "$last")
  marker="$dir/wayback-archived/$file"
  waited=0
  while :; do
    if [ -f "$marker" ]; then
      if [ "$(cat -- "$marker")" = "$cluster $(stat -c '%i %s %.9Y' -- "$last" 2>/dev/null)" ]; then
        rm -f -- "$marker"
        exit 0
      fi
      break
    fi
    [ -f "$dir/archive_status/$file.ready" ] && [ "$waited" -lt 3000 ] || break
    pid=$(cat -- "$dir/wayback-archived/pusher.pid" 2>/dev/null) && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
    waited=$((waited + 1))
  done
elif [ "$command" = wal-fetch ] && [ -n "$prefetch" ] && [ -n "$name" ] && [ "$name" = "$(basename -- "$name")" ] && [ -f "$prefetch/$name" ]; then
  mv -f -- "$prefetch/$name" "$last" && exit 0
fi
exec "$NODE" "$CLI" "$@"

#!/bin/sh
# The `wayback` command PostgreSQL runs as archive_command and restore_command (see wayback.ts).
# scripts/build-cli.ts writes it as bin/wayback with the path of node filled in.
#
# PostgreSQL waits for these once per WAL segment, and starting Node costs more than the work
# when a warm Wayback process has already done it: a segment the background pusher archived
# (its marker in pg_wal/wayback-archived/ names this cluster and this very file: inode, size,
# modification time) or a segment the restore job fetched and verified (in --prefetch-dir). Those
# two cases are answered here; anything else, including a marker this shell reads differently
# from Node, goes to the Node CLI, which checks again and does the work.
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
  marker="$(dirname -- "$last")/wayback-archived/$(basename -- "$last")"
  if [ -f "$marker" ] && [ "$(cat -- "$marker")" = "$cluster $(stat -c '%i %s %.9Y' -- "$last" 2>/dev/null)" ]; then
    rm -f -- "$marker"
    exit 0
  fi
elif [ "$command" = wal-fetch ] && [ -n "$prefetch" ] && [ -n "$name" ] && [ "$name" = "$(basename -- "$name")" ] && [ -f "$prefetch/$name" ]; then
  mv -f -- "$prefetch/$name" "$last" && exit 0
fi
exec "$NODE" "$CLI" "$@"

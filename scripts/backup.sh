#!/usr/bin/env bash
# Nightly backup: database dump and media archive into DIR, keeping DAYS days. See docs/backup.md.
set -euo pipefail
DIR="${1:?usage: backup.sh DIR DAYS}"
DAYS="${2:-30}"
if [ -f /etc/lvzhi/env ]; then set -a; . /etc/lvzhi/env; set +a; fi
: "${DATABASE_URL:?DATABASE_URL is not set}"
STAMP="$(date +%Y%m%d-%H%M)"
mkdir -p "$DIR"
pg_dump --format=custom --file="$DIR/lvzhi-$STAMP.dump" "$DATABASE_URL"
if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
  tar -czf "$DIR/media-$STAMP.tar.gz" -C "$MEDIA_ROOT" .
fi
find "$DIR" -name 'lvzhi-*.dump' -mtime +"$DAYS" -delete
find "$DIR" -name 'media-*.tar.gz' -mtime +"$DAYS" -delete
echo "backup written: $DIR/lvzhi-$STAMP.dump"

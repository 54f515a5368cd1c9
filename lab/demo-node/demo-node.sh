#!/bin/sh
# The demo node of the docker-fleet scenario, in the image lab/docker-images.sh builds from this
# folder: a web server (busybox httpd) whose page says the node's name and version, with a
# Prometheus page at /metrics for the node selectors. It ends on SIGTERM like any service.
#
#   demo-node --port P [--name N] [--records R] [--listen ADDRESS]
#
# --listen is 0.0.0.0 by default (the container's own network, its port published by Docker);
# nodes packed in a container on the host's network listen on 127.0.0.1.
name="${STEWARD_RESOURCE##*/}"
port=""
records=0
listen=0.0.0.0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --name) name="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --records) records="$2"; shift 2 ;;
    --listen) listen="$2"; shift 2 ;;
    *) echo "demo-node: unknown option $1; use --port P [--name N] [--records R] [--listen ADDRESS]" >&2; exit 2 ;;
  esac
done
case "$port" in
  ''|*[!0-9]*) echo "demo-node: give --port with a number from 1 to 65535" >&2; exit 2 ;;
esac
dir="/tmp/demo-node/$name"
busybox mkdir -p "$dir" || exit 1
echo "$name $DEMO_VERSION" > "$dir/index.html"
{
  echo "# HELP demo_records_stored Records this node stores."
  echo "# TYPE demo_records_stored gauge"
  echo "demo_records_stored $records"
} > "$dir/metrics"
echo "demo node $name version $DEMO_VERSION listening on $listen:$port"
exec httpd -f -v -p "$listen:$port" -h "$dir"

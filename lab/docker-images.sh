#!/usr/bin/env bash
# Starts the Docker engine the docker manager's integration tests drive, and makes their test
# images with no registry: busybox from Debian's busybox-static, imported with `docker import`,
# and the docker-fleet scenario's demo node built on it from the local context lab/demo-node
# (steward/demo-node:1.0 and :2.0). Needs root. Idempotent: what exists is reused.
#
#   lab/docker-images.sh [start]  install docker.io and busybox-static if missing, start dockerd if
#                                 no engine answers, import the image once, let the lab's ssh user
#                                 (lab/sshd.sh) use the engine; prints the properties file
#   lab/docker-images.sh stop     remove the images (containers of the tests are theirs to remove)
#   lab/docker-images.sh status   exit 0 when the engine answers and the images exist
#
# Each image carries a label with a hash of its recipe: an image made from another recipe is made
# again. Settings from the environment:
#   STEWARD_LAB_DOCKER       directory of docker.properties (/tmp/steward-lab/docker)
#   STEWARD_LAB_DOCKER_IMAGE the busybox image's name (steward/busybox:test); the same with a
#                            HEALTHCHECK (every second, `true`) is tagged healthcheck beside it
#   STEWARD_LAB_DEMO_IMAGE   the demo node's image, without its tag (steward/demo-node)
#   STEWARD_LAB_SSHD_USER    the lab's ssh user, added to the docker group when it exists (steward-ssh)
set -euo pipefail

DIR="${STEWARD_LAB_DOCKER:-/tmp/steward-lab/docker}"
IMAGE="${STEWARD_LAB_DOCKER_IMAGE:-steward/busybox:test}"
HEALTH_IMAGE="${IMAGE%:*}:healthcheck"
DEMO_IMAGE="${STEWARD_LAB_DEMO_IMAGE:-steward/demo-node}"
DEMO_VERSIONS="1.0 2.0"
DEMO_CONTEXT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/demo-node"
SSH_USER="${STEWARD_LAB_SSHD_USER:-steward-ssh}"
RECIPE_LABEL=dev.steward.lab.recipe
# The applets the tests run; busybox finds the applet by the name it is called as.
APPLETS="sh sleep echo cat true false nc httpd ls env id kill ps head tail wc dd"

log() { echo "lab/docker-images.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# shellcheck source=engine.sh
source "$(dirname "${BASH_SOURCE[0]}")/engine.sh"

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  [[ -x /bin/busybox ]] || missing+=(busybox-static)
  apt_install "${missing[@]}"
}

recipe() { { echo "$APPLETS"; sha256sum /bin/busybox; declare -f import_image; } | sha256sum | cut -c1-16; }

import_image() {
  local root="$DIR/rootfs" applet
  rm -rf "$root"
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/var/www"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $APPLETS; do
    ln -s busybox "$root/bin/$applet"
  done
  echo 'root:x:0:0:root:/:/bin/sh' > "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"
  chmod 1777 "$root/tmp"
  tar -C "$root" -c . | docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' -c "LABEL $RECIPE_LABEL=$1" - "$IMAGE" >/dev/null
  tar -C "$root" -c . | docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' -c "LABEL $RECIPE_LABEL=$1" \
    -c 'HEALTHCHECK --interval=1s --timeout=5s CMD ["/bin/true"]' - "$HEALTH_IMAGE" >/dev/null
  rm -rf "$root"
}

make_image() {
  local recipe built
  recipe="$(recipe)"
  built="$(docker image inspect -f "{{index .Config.Labels \"$RECIPE_LABEL\"}}" "$IMAGE" "$HEALTH_IMAGE" 2>/dev/null | sort -u)" || built=absent
  if [[ "$built" == "$recipe" ]]; then
    log "image $IMAGE exists"
    return 0
  fi
  log "importing $IMAGE from /bin/busybox"
  import_image "$recipe"
}

demo_images() { local v; for v in $DEMO_VERSIONS; do echo "$DEMO_IMAGE:$v"; done; }

# The demo node: built from lab/demo-node on the busybox image, once per version it reports.
make_demo_images() {
  local recipe built version
  recipe="$({ recipe; cat "$DEMO_CONTEXT/Dockerfile" "$DEMO_CONTEXT/demo-node.sh"; } | sha256sum | cut -c1-16)"
  # shellcheck disable=SC2046
  built="$(docker image inspect -f "{{index .Config.Labels \"$RECIPE_LABEL\"}}" $(demo_images) 2>/dev/null | sort -u)" || built=absent
  if [[ "$built" == "$recipe" ]]; then
    log "images $(demo_images | tr '\n' ' ')exist"
    return 0
  fi
  for version in $DEMO_VERSIONS; do
    log "building $DEMO_IMAGE:$version from $DEMO_CONTEXT"
    DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE=$IMAGE" --build-arg "VERSION=$version" \
      --label "$RECIPE_LABEL=$recipe" -t "$DEMO_IMAGE:$version" "$DEMO_CONTEXT" >/dev/null
  done
}

lock() {
  install -d -m 700 "$DIR"
  exec 9> "$DIR/.lock"
  flock -w 300 9 || die "another lab/docker-images.sh holds $DIR/.lock"
}

start() {
  [[ $(id -u) -eq 0 ]] || die "needs root (apt-get, dockerd, docker import)"
  lock
  install_packages
  start_engine
  make_image
  make_demo_images
  # The ssh integration tests run the docker command as the lab's ssh user.
  if id "$SSH_USER" >/dev/null 2>&1 && ! id -nG "$SSH_USER" | tr ' ' '\n' | grep -qx docker; then
    log "adding $SSH_USER to the docker group"
    usermod -aG docker "$SSH_USER"
  fi
  {
    echo "# Written by lab/docker-images.sh; read by the docker manager's integration tests."
    echo "image=$IMAGE"
    echo "healthcheck_image=$HEALTH_IMAGE"
    echo "demo_image=$DEMO_IMAGE"
    echo "demo_versions=$DEMO_VERSIONS"
    echo "socket=/var/run/docker.sock"
    echo "ssh_user=$SSH_USER"
  } > "$DIR/docker.properties.tmp"
  mv "$DIR/docker.properties.tmp" "$DIR/docker.properties"
  cat "$DIR/docker.properties"
}

stop() {
  engine_answers || { log "no Docker engine answers: nothing to remove"; return 0; }
  # shellcheck disable=SC2046
  docker image rm $(demo_images) >/dev/null 2>&1 && log "removed $(demo_images | tr '\n' ' ')" || log "no image $DEMO_IMAGE"
  docker image rm "$IMAGE" "$HEALTH_IMAGE" >/dev/null 2>&1 && log "removed $IMAGE and $HEALTH_IMAGE" || log "no image $IMAGE"
  rm -f "$DIR/docker.properties"
}

# shellcheck disable=SC2046
status() { engine_answers && docker image inspect "$IMAGE" "$HEALTH_IMAGE" $(demo_images) >/dev/null 2>&1; }

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac

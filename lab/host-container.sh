#!/usr/bin/env bash
# Starts (or removes) the real Debian "hosts" the integration tests (systemd, ufw, mount drift)
# and the runner's drift commands log into: containers with systemd as PID 1, OpenSSH, logind
# (libpam-systemd, for users' own systemd), pip, util-linux, procps and ufw, each publishing its
# sshd on 127.0.0.1 only. Needs root. Idempotent: what exists is reused.
#
#   lab/host-container.sh [start]      install docker.io and debootstrap if missing, start dockerd if
#                                      no engine answers, build the host image once, run the hosts;
#                                      prints the properties file
#   lab/host-container.sh stop         remove the host containers (only those labelled as ours)
#   lab/host-container.sh status       exit 0 when every host answers on its ssh port
#   lab/host-container.sh stop-host N  take host N down (docker stop: systemd halts, sshd goes)
#   lab/host-container.sh start-host N bring host N back (docker start) and wait until its sshd answers
#
# Besides hosts.properties, start writes known_hosts (each host's ed25519 key) and ssh_config, an
# OpenSSH client config naming each host: `ssh -F $DIR/ssh_config steward-host-1 true` logs in as
# root, and so does Steward's ssh transport with steward.ssh.config pointing at it.
#
# No image registry is needed: the image is made with debootstrap from Debian's mirror and
# `docker import` (see ../shared notes, lab.md). It carries a label with a hash of its recipe (the
# packages and build_image below): an image or a host container made from another recipe is made
# again. Settings from the environment:
#   STEWARD_LAB_HOST        directory of the key, known_hosts, ssh_config and hosts.properties (/tmp/steward-lab/host)
#   STEWARD_LAB_HOST_COUNT  how many hosts to run (3)
#   STEWARD_LAB_HOST_PORT   the first host's ssh port on 127.0.0.1; the next ones follow (2231)
#   STEWARD_LAB_HOST_IMAGE  the image name (steward/host:bookworm)
#   STEWARD_LAB_MIRROR      the Debian mirror debootstrap uses (http://deb.debian.org/debian)
set -euo pipefail

DIR="${STEWARD_LAB_HOST:-/tmp/steward-lab/host}"
COUNT="${STEWARD_LAB_HOST_COUNT:-3}"
FIRST_PORT="${STEWARD_LAB_HOST_PORT:-2231}"
IMAGE="${STEWARD_LAB_HOST_IMAGE:-steward/host:bookworm}"
MIRROR="${STEWARD_LAB_MIRROR:-http://deb.debian.org/debian}"
SUITE=bookworm
LABEL=dev.steward.lab=host
RECIPE_LABEL=dev.steward.lab.recipe
# libpam-systemd and dbus-user-session: a login (or lingering) starts the user's own systemd, so
# `systemctl --user` works as on any full Debian install (minbase leaves them out).
PACKAGES=systemd,systemd-sysv,dbus,libpam-systemd,dbus-user-session,openssh-server,python3-pip,python3-setuptools,util-linux,mount,procps,iproute2,ufw,iptables

log() { echo "lab/host-container.sh: $*" >&2; }
die() { log "$*"; exit 1; }

[[ "$COUNT" =~ ^[1-9][0-9]?$ ]] || die "STEWARD_LAB_HOST_COUNT must be a number from 1 to 99, not '$COUNT'"
[[ "$FIRST_PORT" =~ ^[0-9]+$ ]] && (( FIRST_PORT >= 1024 && FIRST_PORT + COUNT <= 65535 )) \
  || die "STEWARD_LAB_HOST_PORT must be a port from 1024 up, not '$FIRST_PORT'"

name_of() { echo "steward-host-$1"; }
port_of() { echo $(( FIRST_PORT + $1 - 1 )); }

# shellcheck source=engine.sh
source "$(dirname "${BASH_SOURCE[0]}")/engine.sh"

ssh_answers() {
  # An SSH server greets first: read its banner.
  timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1 && head -c 4 <&3" 2>/dev/null | grep -q '^SSH-'
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
  apt_install "${missing[@]}"
}

# The host's root file system in $1: what the image holds.
make_rootfs() {
  local root="$1"
  if ! debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$root" "$MIRROR" > "$DIR/debootstrap.log" 2>&1; then
    tail -15 "$DIR/debootstrap.log" >&2
    die "debootstrap failed; see $DIR/debootstrap.log"
  fi
  # Each container makes its own host keys when it starts (below); none are baked into the image.
  rm -f "$root"/etc/ssh/ssh_host_*
  # sshd refuses to start without host keys: make them before it starts, on every boot.
  cat > "$root/etc/systemd/system/ssh-host-keys.service" <<'UNIT'
[Unit]
Description=Make the SSH host keys this container lacks
Before=ssh.service
ConditionPathExists=!/etc/ssh/ssh_host_ed25519_key

[Service]
Type=oneshot
ExecStart=/usr/bin/ssh-keygen -A

[Install]
WantedBy=multi-user.target
UNIT
  ln -sf /etc/systemd/system/ssh-host-keys.service "$root/etc/systemd/system/multi-user.target.wants/ssh-host-keys.service"
  # Nothing in the container needs a console login or udev (there are no devices to manage).
  for unit in getty@tty1.service console-getty.service systemd-udevd.service systemd-udev-trigger.service; do
    ln -sf /dev/null "$root/etc/systemd/system/$unit"
  done
  printf 'PermitRootLogin prohibit-password\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n' \
    > "$root/etc/ssh/sshd_config.d/steward-lab.conf"
  # pip runs as root here on purpose (the scenario's editable installs); keep its warnings quiet.
  printf '[global]\nroot-user-action = ignore\ndisable-pip-version-check = true\n' > "$root/etc/pip.conf"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
}

# A hash of what goes into the image: the suite, the packages and make_rootfs.
recipe() { { echo "$SUITE $PACKAGES"; declare -f make_rootfs; } | sha256sum | cut -c1-16; }

build_image() {
  local recipe built root="$DIR/rootfs"
  recipe="$(recipe)"
  built="$(docker image inspect -f "{{index .Config.Labels \"$RECIPE_LABEL\"}}" "$IMAGE" 2>/dev/null)" || built=absent
  if [[ "$built" == "$recipe" ]]; then
    log "image $IMAGE exists"
    return 0
  fi
  [[ "$built" == absent ]] || log "image $IMAGE was built from another recipe ($built, now $recipe): building it again"
  rm -rf "$root"
  log "building $IMAGE: debootstrap $SUITE from $MIRROR (about a minute)"
  make_rootfs "$root"
  log "importing the root file system as $IMAGE"
  tar -C "$root" -c . | docker import -c 'CMD ["/lib/systemd/systemd"]' -c "LABEL $LABEL" -c "LABEL $RECIPE_LABEL=$recipe" \
    - "$IMAGE" >/dev/null
  rm -rf "$root"
}

run_host() {
  local i="$1" name port state
  name="$(name_of "$i")"
  port="$(port_of "$i")"
  state="$(docker inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" || state=absent
  if [[ "$state" != absent && "$(docker inspect -f '{{.Image}}' "$name")" != "$(docker image inspect -f '{{.Id}}' "$IMAGE")" ]]; then
    log "$name runs an older image than $IMAGE: making it again (its host keys change)"
    docker rm -f "$name" >/dev/null
    state=absent
  fi
  case "$state" in
    true) log "$name runs" ;;
    false) log "starting the stopped $name"; docker start "$name" >/dev/null ;;
    *)
      log "running $name (ssh on 127.0.0.1:$port)"
      # SIGRTMIN+3 asks systemd to halt, so docker stop (stop-host) shuts the host down cleanly.
      docker run -d --name "$name" --hostname "$name" --label "$LABEL" --stop-signal SIGRTMIN+3 \
        -p "127.0.0.1:$port:22" \
        --cap-add SYS_ADMIN --cap-add NET_ADMIN --cap-add NET_RAW \
        --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
        --tmpfs /run --tmpfs /run/lock -v /sys/fs/cgroup:/sys/fs/cgroup:ro \
        "$IMAGE" /lib/systemd/systemd >/dev/null
      ;;
  esac
}

wait_for_host() {
  local i="$1" name port
  name="$(name_of "$i")"
  port="$(port_of "$i")"
  local tries=0
  for _ in $(seq 1 600); do
    if docker exec "$name" test -s /etc/ssh/ssh_host_ed25519_key.pub 2>/dev/null && ssh_answers "$port"; then
      break
    fi
    # Tests and scenarios enable ufw on the hosts; one that lost the ssh rule would lock every later
    # run out (the banner never comes through). Let ssh in again; ufw ignores a rule it has.
    tries=$((tries + 1))
    if (( tries % 10 == 0 )); then
      docker exec "$name" ufw allow 22/tcp >/dev/null 2>&1 || true
    fi
    sleep 0.1
  done
  ssh_answers "$port" || {
    docker exec "$name" systemctl --no-pager status ssh >&2 || true
    die "$name's sshd does not answer on 127.0.0.1:$port within 60 s"
  }
  docker exec -i "$name" sh -c 'install -d -m 700 /root/.ssh && cat > /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys' \
    < "$DIR/id_ed25519.pub"
}

lock() {
  install -d -m 700 "$DIR"
  # One at a time: two test runs must not build the image or run the containers twice, and a host
  # taken down must not be brought back by a start in the middle of it.
  exec 9> "$DIR/.lock"
  flock -w 900 9 || die "another lab/host-container.sh holds $DIR/.lock"
}

start() {
  [[ $(id -u) -eq 0 ]] || die "needs root (apt-get, dockerd, debootstrap)"
  lock
  install_packages
  start_engine
  build_image
  [[ -f "$DIR/id_ed25519" ]] || ssh-keygen -q -t ed25519 -N '' -C steward-lab-host-client -f "$DIR/id_ed25519"
  local i
  for i in $(seq 1 "$COUNT"); do
    run_host "$i"
  done
  : > "$DIR/known_hosts.tmp"
  {
    echo "# Written by lab/host-container.sh; read by the integration tests (test-support's HostContainers)."
    echo "count=$COUNT"
    echo "user=root"
    echo "identity=$DIR/id_ed25519"
    echo "known_hosts=$DIR/known_hosts"
    echo "ssh_config=$DIR/ssh_config"
    echo "image=$IMAGE"
  } > "$DIR/hosts.properties.tmp"
  {
    echo "# Written by lab/host-container.sh: ssh -F $DIR/ssh_config steward-host-1 true"
  } > "$DIR/ssh_config.tmp"
  for i in $(seq 1 "$COUNT"); do
    wait_for_host "$i"
    local name port line
    name="$(name_of "$i")"
    port="$(port_of "$i")"
    line="[127.0.0.1]:$port $(docker exec "$name" cut -d' ' -f1,2 /etc/ssh/ssh_host_ed25519_key.pub)"
    # Only the ed25519 key, as OpenSSH records it, though the host also has ecdsa and rsa keys:
    # clients must ask for the key type known_hosts lists.
    echo "$line" >> "$DIR/known_hosts.tmp"
    {
      echo "host.$i.name=$name"
      echo "host.$i.container=$name"
      echo "host.$i.address=127.0.0.1"
      echo "host.$i.port=$port"
      echo "host.$i.known_hosts_line=$line"
    } >> "$DIR/hosts.properties.tmp"
    # HostName is what known_hosts lists ([127.0.0.1]:PORT), as OpenSSH looks a host key up.
    printf '\nHost %s\n  HostName 127.0.0.1\n  Port %s\n  User root\n  IdentityFile %s\n  IdentitiesOnly yes\n  UserKnownHostsFile %s\n  StrictHostKeyChecking yes\n' \
      "$name" "$port" "$DIR/id_ed25519" "$DIR/known_hosts" >> "$DIR/ssh_config.tmp"
  done
  chmod 600 "$DIR/known_hosts.tmp" "$DIR/hosts.properties.tmp" "$DIR/ssh_config.tmp"
  mv "$DIR/known_hosts.tmp" "$DIR/known_hosts"
  mv "$DIR/ssh_config.tmp" "$DIR/ssh_config"
  mv "$DIR/hosts.properties.tmp" "$DIR/hosts.properties"
  log "$COUNT host(s) ready; settings in $DIR/hosts.properties, ssh config in $DIR/ssh_config"
  cat "$DIR/hosts.properties"
}

# The number of a host that exists: start made it.
existing_host() {
  [[ "${1:-}" =~ ^[1-9][0-9]?$ ]] || die "name a host by its number, e.g. $0 ${2:-stop-host} 2"
  engine_answers || die "no Docker engine answers: run $0 start first"
  docker inspect "$(name_of "$1")" >/dev/null 2>&1 || die "there is no $(name_of "$1"): run $0 start (with STEWARD_LAB_HOST_COUNT=$1 or more)"
}

stop_host() {
  lock
  existing_host "$1" stop-host
  local name
  name="$(name_of "$1")"
  # The container's stop signal asks systemd to halt; after 20 s docker kills what is left.
  docker stop -t 20 "$name" >/dev/null
  log "$name is down"
}

start_host() {
  lock
  existing_host "$1" start-host
  local name
  name="$(name_of "$1")"
  docker start "$name" >/dev/null
  # Its host keys live in the container's file system: known_hosts stays true.
  wait_for_host "$1"
  log "$name is up; its sshd answers on 127.0.0.1:$(port_of "$1")"
}

stop() {
  engine_answers || { log "no Docker engine answers: no host containers to remove"; return 0; }
  local ids
  ids="$(docker ps -aq --filter "label=$LABEL" --filter "name=^steward-host-")"
  if [[ -z "$ids" ]]; then
    log "no host containers of ours"
  else
    # shellcheck disable=SC2086
    docker rm -f $ids >/dev/null
    log "removed $(echo "$ids" | wc -l) host container(s)"
  fi
  rm -f "$DIR/hosts.properties"
}

status() {
  local i
  for i in $(seq 1 "$COUNT"); do
    ssh_answers "$(port_of "$i")" || return 1
  done
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  stop-host) stop_host "${2:-}" ;;
  start-host) start_host "${2:-}" ;;
  *) echo "usage: $0 [start|stop|status|stop-host N|start-host N]" >&2; exit 2 ;;
esac

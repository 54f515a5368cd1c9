#!/usr/bin/env bash
# Starts (or stops) the real OpenSSH sshd the probe-ssh integration tests and the ssh benchmark
# log into: a plain user whose shell is /bin/sh, an ed25519 key for it, a host key, and one sshd
# on a loopback address and port of its own. Needs root (useradd, apt-get). Idempotent.
#
#   lab/sshd.sh [start]   install openssh-server and sudo if missing, set up, start; prints the settings
#   lab/sshd.sh stop      stop this sshd (only the one whose pid file is ours)
#   lab/sshd.sh status    exit 0 when it answers
#
# Everything lives in $STEWARD_LAB_SSHD (default /tmp/steward-lab/sshd); the tests read
# lab.properties there. Address and port: $STEWARD_LAB_SSHD_ADDRESS (127.0.0.23) and
# $STEWARD_LAB_SSHD_PORT (2322).
set -euo pipefail

DIR="${STEWARD_LAB_SSHD:-/tmp/steward-lab/sshd}"
ADDRESS="${STEWARD_LAB_SSHD_ADDRESS:-127.0.0.23}"
PORT="${STEWARD_LAB_SSHD_PORT:-2322}"
TEST_USER="${STEWARD_LAB_SSHD_USER:-steward-ssh}"
SSHD=/usr/sbin/sshd

log() { echo "lab/sshd.sh: $*" >&2; }

answers() {
  # An SSH server greets first: read its banner.
  timeout 3 bash -c "exec 3<>/dev/tcp/$ADDRESS/$PORT && head -c 4 <&3" 2>/dev/null | grep -q '^SSH-'
}

running_pid() {
  [[ -f "$DIR/sshd.pid" ]] || return 1
  local pid
  pid="$(cat "$DIR/sshd.pid")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && grep -q sshd "/proc/$pid/comm" 2>/dev/null && echo "$pid"
}

install_packages() {
  local missing=()
  [[ -x "$SSHD" ]] || missing+=(openssh-server)
  command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
  command -v sudo >/dev/null 2>&1 || missing+=(sudo)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -ne 0 ]]; then
    log "needs root to install ${missing[*]}"; exit 1
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Other jobs on the machine may hold the dpkg lock for a while: wait for it.
  apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null
  apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

set_up_user() {
  if ! id "$TEST_USER" >/dev/null 2>&1; then
    log "creating user $TEST_USER (shell /bin/sh)"
    useradd -m -s /bin/sh "$TEST_USER"
  fi
  # An account with no password at all is locked, and sshd without PAM refuses its keys.
  usermod -s /bin/sh -p '*' "$TEST_USER"
  local home
  home="$(getent passwd "$TEST_USER" | cut -d: -f6)"
  install -d -m 700 -o "$TEST_USER" -g "$TEST_USER" "$home/.ssh"
  install -m 600 -o "$TEST_USER" -g "$TEST_USER" "$DIR/id_ed25519.pub" "$home/.ssh/authorized_keys"
  # sudo -n may run /usr/bin/id as root and nothing else: enough to test the transport's sudo option.
  if [[ -d /etc/sudoers.d ]]; then
    echo "$TEST_USER ALL=(root) NOPASSWD: /usr/bin/id" > "$DIR/sudoers.tmp"
    chmod 440 "$DIR/sudoers.tmp"
    if visudo -cf "$DIR/sudoers.tmp" >/dev/null; then
      mv "$DIR/sudoers.tmp" "/etc/sudoers.d/steward-lab-$TEST_USER"
    else
      rm -f "$DIR/sudoers.tmp"
    fi
  fi
}

start() {
  install_packages
  install -d -m 700 "$DIR"
  [[ -f "$DIR/ssh_host_ed25519_key" ]] || ssh-keygen -q -t ed25519 -N '' -C steward-lab-host -f "$DIR/ssh_host_ed25519_key"
  [[ -f "$DIR/id_ed25519" ]] || ssh-keygen -q -t ed25519 -N '' -C steward-lab-client -f "$DIR/id_ed25519"
  set_up_user
  mkdir -p /run/sshd
  chmod 755 /run/sshd
  cat > "$DIR/sshd_config" <<CONF
Port $PORT
ListenAddress $ADDRESS
HostKey $DIR/ssh_host_ed25519_key
PidFile $DIR/sshd.pid
AuthorizedKeysFile .ssh/authorized_keys
AllowUsers $TEST_USER
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
X11Forwarding no
PrintMotd no
MaxSessions 10
MaxStartups 200:30:400
KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org,sntrup761x25519-sha512@openssh.com
CONF
  if pid="$(running_pid)" && answers; then
    log "sshd already runs (pid $pid)"
  else
    [[ -n "${pid:-}" ]] && kill "$pid" 2>/dev/null || true
    "$SSHD" -t -f "$DIR/sshd_config"
    "$SSHD" -f "$DIR/sshd_config" -E "$DIR/sshd.log"
    for _ in $(seq 1 100); do
      answers && break
      sleep 0.1
    done
    answers || { log "sshd did not come up; see $DIR/sshd.log"; tail -5 "$DIR/sshd.log" >&2; exit 1; }
    log "sshd runs on $ADDRESS:$PORT (pid $(running_pid))"
  fi
  echo "[$ADDRESS]:$PORT $(cut -d' ' -f1,2 "$DIR/ssh_host_ed25519_key.pub")" > "$DIR/known_hosts"
  cat > "$DIR/lab.properties" <<PROPS
address=$ADDRESS
port=$PORT
user=$TEST_USER
identity=$DIR/id_ed25519
known_hosts=$DIR/known_hosts
host_key=$DIR/ssh_host_ed25519_key.pub
sshd=$SSHD
dir=$DIR
PROPS
  cat "$DIR/lab.properties"
}

stop() {
  if pid="$(running_pid)"; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    log "stopped sshd (pid $pid)"
  else
    log "no sshd of ours runs"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) answers ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac

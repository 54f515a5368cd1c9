# Sourced by the lab scripts that need a Docker engine (host-container.sh, docker-images.sh); the
# sourcing script defines log and die first. Not a script to run.

engine_answers() { docker info >/dev/null 2>&1; }

# apt-get install of the packages named, as root; other jobs may hold the dpkg lock a while: wait.
apt_install() {
  [[ $# -eq 0 ]] && return 0
  [[ $(id -u) -eq 0 ]] || die "needs root to install $*"
  log "installing $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null
  apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "$@" >/dev/null
}

# Returns once an engine answers, starting dockerd when none runs.
start_engine() {
  engine_answers && return 0
  [[ $(id -u) -eq 0 ]] || die "no Docker engine answers and only root can start one"
  if pgrep -x dockerd >/dev/null 2>&1; then
    log "dockerd runs but does not answer yet; waiting for it"
  else
    log "no Docker engine answers: starting dockerd (log /var/log/dockerd.log)"
    # Its own session, so it outlives this script and the job that ran it; without our lock's fd.
    setsid dockerd >/var/log/dockerd.log 2>&1 < /dev/null 9>&- &
  fi
  for _ in $(seq 1 600); do
    engine_answers && return 0
    sleep 0.1
  done
  tail -5 /var/log/dockerd.log >&2 || true
  die "the Docker engine did not answer within 60 s; see /var/log/dockerd.log"
}

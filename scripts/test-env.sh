#!/usr/bin/env bash
# Prepare the real test environment for Stevedore (DESIGN.md section 7).
#
# Idempotent: on a fresh Debian machine it installs and starts everything, on a
# machine where everything already runs it only checks and returns quickly.
#
#   1. Debian packages docker.io, docker-registry, busybox-static
#   2. a Docker Engine (dockerd) answering `docker info`
#   3. a local registry on http://127.0.0.1:5000 (filesystem storage, no auth)
#   4. the test image stevedore-test/busybox:latest, built from the static busybox
#   5. that image pushed as 127.0.0.1:5000/stevedore-test/busybox:latest
#      (the local 127.0.0.1:5000/... tag is removed again, so tests can pull it)
#
# Must run as root. No network access to Docker Hub is needed.
#
# Overrides (environment):
#   STEVEDORE_DOCKERD_FLAGS   extra flags for dockerd (default: none)
#   DOCKER                    docker client to use (default: first one that works)
set -euo pipefail

readonly TEST_IMAGE="stevedore-test/busybox:latest"
readonly REGISTRY_ADDR="127.0.0.1:5000"
readonly REGISTRY_IMAGE="${REGISTRY_ADDR}/${TEST_IMAGE}"
readonly REGISTRY_CONFIG="/etc/stevedore/registry.yml"
readonly REGISTRY_STORAGE="/var/lib/stevedore-registry"
readonly REGISTRY_LOG="/var/log/stevedore-registry.log"
readonly REGISTRY_PIDFILE="/run/stevedore-registry.pid"
readonly DOCKERD_LOG="/var/log/dockerd.log"
readonly DOCKERD_PIDFILE="/var/run/docker.pid"
readonly DOCKER_SOCK="/var/run/docker.sock"
readonly CONTAINERD_PIDFILE="/var/run/docker/containerd/containerd.pid"
readonly WAIT_SECONDS=60
readonly PACKAGES=(docker.io docker-registry busybox-static)

log() { printf 'test-env: %s\n' "$*"; }
die() {
    printf 'test-env: ERROR: %s\n' "$*" >&2
    exit 1
}
# Print the last lines of a log file, prefixed, to stderr.
tail_log() {
    local file=$1
    if [[ -f $file ]]; then
        printf 'test-env: --- last lines of %s ---\n' "$file" >&2
        tail -n 30 "$file" | sed 's/^/test-env: | /' >&2
    fi
}

[[ $(id -u) -eq 0 ]] || die "must run as root (it installs packages and starts dockerd)"
export DEBIAN_FRONTEND=noninteractive

# Serialize concurrent runs (e.g. two CI jobs on one machine).
exec 9>/run/stevedore-test-env.lock
if command -v flock >/dev/null 2>&1; then
    flock -w 900 9 || die "another scripts/test-env.sh run holds /run/stevedore-test-env.lock"
fi

# --------------------------------------------------------------------------- 1
package_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# Wait (bounded) while another apt/dpkg run holds the package locks.
wait_for_apt_locks() {
    command -v fuser >/dev/null 2>&1 || return 0
    local locks=(/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock)
    local waited=0 announced=0
    while fuser "${locks[@]}" >/dev/null 2>&1; do
        if ((!announced)); then
            log "waiting for another apt/dpkg run to finish (package locks held)"
            announced=1
        fi
        ((waited < 900)) || die "apt/dpkg locks still held after ${waited}s"
        sleep 2
        waited=$((waited + 2))
    done
}

ensure_packages() {
    local missing=() p
    for p in "${PACKAGES[@]}"; do package_installed "$p" || missing+=("$p"); done
    ((${#missing[@]})) || return 0
    wait_for_apt_locks
    # Someone else may have installed them while we waited.
    missing=()
    for p in "${PACKAGES[@]}"; do package_installed "$p" || missing+=("$p"); done
    ((${#missing[@]})) || return 0

    log "installing Debian packages: ${missing[*]}"
    local apt_opts=(-q -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    local out
    out=$(mktemp)
    if ! apt-get "${apt_opts[@]}" update >"$out" 2>&1; then
        tail_log "$out"
        rm -f "$out"
        die "apt-get update failed"
    fi
    if ! apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}" >"$out" 2>&1; then
        tail_log "$out"
        rm -f "$out"
        die "apt-get install ${missing[*]} failed"
    fi
    rm -f "$out"
}

# --------------------------------------------------------------------------- 2
DOCKER_CANDIDATES=()
pick_docker_candidates() {
    local c seen=" "
    # Explicit override first, then the Debian client (same version as the engine),
    # then whatever else is on PATH (e.g. a newer client in /usr/local/bin).
    for c in ${DOCKER:-} /usr/bin/docker $(type -aP docker 2>/dev/null || true); do
        [[ -x $c ]] || continue
        [[ $seen == *" $c "* ]] && continue
        seen+="$c "
        "$c" --version >/dev/null 2>&1 || continue # the client binary runs at all
        DOCKER_CANDIDATES+=("$c")
    done
    ((${#DOCKER_CANDIDATES[@]})) || die "no docker client found (is docker.io installed?)"
    DOCKER=${DOCKER_CANDIDATES[0]}
}

# True when some docker client talks to the engine; selects that client as $DOCKER.
engine_answers() {
    local c pass
    # Second pass only after a success: prefer the earliest candidate that works
    # (the engine may have come up while later candidates were being tried).
    for pass in 1 2; do
        for c in "${DOCKER_CANDIDATES[@]}"; do
            if timeout 10 "$c" info >/dev/null 2>&1; then
                DOCKER=$c
                [[ $pass == 1 && $c != "${DOCKER_CANDIDATES[0]}" ]] && continue 2
                return 0
            fi
        done
        [[ $pass == 1 ]] && return 1
    done
    return 0
}

# True when PID is alive (not a zombie) and its command name starts with NAME.
process_alive() {
    local pid=$1 name=$2 stat
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$name"* ]] || return 1
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
    stat=${stat##*) }          # fields after "(comm) "
    [[ ${stat%% *} != [ZX] ]]  # state: zombie or dead means gone
}

dockerd_running_pid() {
    # PID of a running dockerd owning the pid file, if any.
    local pid
    pid=$(cat "$DOCKERD_PIDFILE" 2>/dev/null || true)
    process_alive "$pid" dockerd || return 1
    echo "$pid"
}

# PIDs of live dockerd processes (zombies excluded).
live_dockerds() {
    local pid
    for pid in $(pgrep -x dockerd 2>/dev/null || true); do
        process_alive "$pid" dockerd && printf '%s ' "$pid"
    done
    return 0
}

wait_for_engine() {
    local pid=$1 deadline=$((SECONDS + WAIT_SECONDS))
    while ((SECONDS < deadline)); do
        engine_answers && return 0
        if [[ -n $pid ]] && ! process_alive "$pid" dockerd; then
            return 1 # dockerd died
        fi
        sleep 1
    done
    return 1
}

start_dockerd() {
    local flags=$1 pid
    # A dead daemon may leave its pid file and socket behind; dockerd refuses to
    # start when the pid in the file belongs to a live process (pids get reused).
    rm -f "$DOCKERD_PIDFILE" "$DOCKER_SOCK"
    # Same for the containerd that dockerd manages: after dockerd was killed, its
    # containerd may linger as a not yet reaped zombie, which dockerd mistakes for
    # a live containerd and then times out connecting to it.
    local cpid
    cpid=$(cat "$CONTAINERD_PIDFILE" 2>/dev/null || true)
    if [[ -n $cpid ]] && ! process_alive "$cpid" containerd; then
        rm -f "$CONTAINERD_PIDFILE"
    fi
    # shellcheck disable=SC2086 # flags are intentionally word-split
    nohup dockerd $flags >>"$DOCKERD_LOG" 2>&1 </dev/null 9>&- &
    pid=$!
    disown "$pid" 2>/dev/null || true
    wait_for_engine "$pid"
}

ensure_engine() {
    pick_docker_candidates
    engine_answers && return 0

    local pid
    if pid=$(dockerd_running_pid); then
        # A dockerd is alive but not answering yet (probably still starting).
        log "dockerd (pid $pid) is running but not answering yet, waiting"
        wait_for_engine "$pid" && return 0
        if process_alive "$pid" dockerd; then
            tail_log "$DOCKERD_LOG"
            die "dockerd (pid $pid) does not answer 'docker info' after ${WAIT_SECONDS}s; see $DOCKERD_LOG"
        fi
        log "dockerd (pid $pid) exited"
    fi
    local others
    others=$(live_dockerds)
    if [[ -n $others ]]; then
        tail_log "$DOCKERD_LOG"
        die "dockerd runs (pid ${others% }) but 'docker info' gets no answer; is DOCKER_HOST=${DOCKER_HOST:-<unset>} right?"
    fi

    local flags=${STEVEDORE_DOCKERD_FLAGS:-}
    log "starting dockerd${flags:+ $flags} (log: $DOCKERD_LOG)"
    : >>"$DOCKERD_LOG"
    local log_start
    log_start=$(wc -l <"$DOCKERD_LOG")
    start_dockerd "$flags" && return 0
    stop_our_dockerd

    if [[ -z ${STEVEDORE_DOCKERD_FLAGS:-} ]] &&
        tail -n +"$((log_start + 1))" "$DOCKERD_LOG" | grep -qiE '(error|fatal|failed).*(iptables|nftables|bridge|netlink)'; then
        # Sandboxes without netfilter/bridge support: retry without iptables rules.
        flags="--iptables=false --ip6tables=false"
        log "dockerd failed on network setup; retrying with $flags"
    else
        # E.g. leftovers of a killed daemon that were still being cleaned up.
        log "dockerd did not come up; retrying once"
        sleep 2
    fi
    start_dockerd "$flags" && return 0
    tail_log "$DOCKERD_LOG"
    die "dockerd did not come up (exited, or no answer to 'docker info' within ${WAIT_SECONDS}s; flags: ${flags:-none}); see $DOCKERD_LOG"
}

stop_our_dockerd() {
    local pid
    if pid=$(dockerd_running_pid); then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 20); do process_alive "$pid" dockerd || break; sleep 0.5; done
    fi
}

# --------------------------------------------------------------------------- 3
registry_answers() {
    # Registry API v2 base endpoint: 200 without auth.
    if command -v curl >/dev/null 2>&1; then
        curl -fsS -m 3 -o /dev/null "http://${REGISTRY_ADDR}/v2/" 2>/dev/null
    else
        local reply
        reply=$(timeout 3 bash -c "exec 3<>/dev/tcp/${REGISTRY_ADDR%:*}/${REGISTRY_ADDR#*:}
            printf 'GET /v2/ HTTP/1.0\r\nHost: ${REGISTRY_ADDR}\r\n\r\n' >&3; head -n 1 <&3" 2>/dev/null) || return 1
        [[ $reply == *" 200"* ]]
    fi
}

write_registry_config() {
    local tmp
    mkdir -p "$(dirname "$REGISTRY_CONFIG")" "$REGISTRY_STORAGE"
    tmp=$(mktemp)
    cat >"$tmp" <<EOF
# Written by scripts/test-env.sh (Stevedore test environment). Local only, no auth.
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
  fields:
    service: stevedore-test-registry
storage:
  filesystem:
    rootdirectory: ${REGISTRY_STORAGE}
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: ${REGISTRY_ADDR}
  headers:
    X-Content-Type-Options: [nosniff]
EOF
    if cmp -s "$tmp" "$REGISTRY_CONFIG" 2>/dev/null; then
        rm -f "$tmp"
    else
        mv "$tmp" "$REGISTRY_CONFIG"
        chmod 644 "$REGISTRY_CONFIG"
    fi
}

ensure_registry() {
    registry_answers && return 0
    write_registry_config

    local pid
    pid=$(cat "$REGISTRY_PIDFILE" 2>/dev/null || true)
    if process_alive "$pid" docker-regist; then
        log "registry (pid $pid) is running but not answering yet, waiting"
    else
        command -v docker-registry >/dev/null 2>&1 || die "docker-registry binary not found"
        log "starting registry on ${REGISTRY_ADDR} (config: $REGISTRY_CONFIG, log: $REGISTRY_LOG)"
        nohup docker-registry serve "$REGISTRY_CONFIG" >>"$REGISTRY_LOG" 2>&1 </dev/null 9>&- &
        pid=$!
        disown "$pid" 2>/dev/null || true
        echo "$pid" >"$REGISTRY_PIDFILE"
    fi
    local i
    for ((i = 0; i < WAIT_SECONDS * 5; i++)); do
        registry_answers && return 0
        if ! process_alive "$pid" docker-regist; then
            tail_log "$REGISTRY_LOG"
            die "registry process exited; is port ${REGISTRY_ADDR#*:} taken by something else? see $REGISTRY_LOG"
        fi
        sleep 0.2
    done
    tail_log "$REGISTRY_LOG"
    die "registry did not answer on http://${REGISTRY_ADDR}/v2/ within ${WAIT_SECONDS}s"
}

# --------------------------------------------------------------------------- 4
image_exists() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

find_busybox() {
    local b
    for b in /bin/busybox /usr/bin/busybox; do
        if [[ -x $b ]] && ! ldd "$b" >/dev/null 2>&1; then # statically linked
            echo "$b"
            return 0
        fi
    done
    # ldd may be missing; fall back to whatever busybox there is.
    for b in /bin/busybox /usr/bin/busybox; do [[ -x $b ]] && { echo "$b"; return 0; }; done
    return 1
}

build_test_image() {
    local busybox root applet
    busybox=$(find_busybox) || die "no busybox binary found (is busybox-static installed?)"
    root=$(mktemp -d)
    # shellcheck disable=SC2064
    trap "rm -rf '$root'" EXIT

    mkdir -p "$root"/{bin,etc,root,tmp,var/tmp,home,dev,proc,sys}
    chmod 1777 "$root/tmp" "$root/var/tmp"
    chmod 700 "$root/root"
    cp "$busybox" "$root/bin/busybox"
    chmod 755 "$root/bin/busybox"
    while read -r applet; do
        [[ -n $applet && $applet != busybox && ! -e $root/bin/$applet ]] || continue
        ln -s busybox "$root/bin/$applet"
    done < <("$busybox" --list)
    # /usr/bin/env and friends for scripts with absolute shebangs.
    mkdir -p "$root/usr"
    ln -s ../bin "$root/usr/bin"
    ln -s bin "$root/sbin"
    ln -s ../bin "$root/usr/sbin"
    cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/home:/bin/false
EOF
    cat >"$root/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
    echo "127.0.0.1 localhost" >"$root/etc/hosts"

    log "building $TEST_IMAGE from $busybox"
    tar --owner=0 --group=0 --numeric-owner -C "$root" -c . |
        "$DOCKER" import \
            -c 'CMD ["/bin/sh"]' \
            -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            -m "stevedore test image (static busybox)" \
            - "$TEST_IMAGE" >/dev/null
    rm -rf "$root"
    trap - EXIT
}

ensure_test_image() {
    if ! image_exists "$TEST_IMAGE"; then
        build_test_image
        local out
        out=$("$DOCKER" run --rm "$TEST_IMAGE" sh -c 'echo ok' 2>&1) || true
        if [[ $out != ok ]]; then
            "$DOCKER" rmi "$TEST_IMAGE" >/dev/null 2>&1 || true
            printf 'test-env: | %s\n' "$out" >&2
            die "the freshly built $TEST_IMAGE does not run 'sh -c \"echo ok\"'"
        fi
    fi
}

# --------------------------------------------------------------------------- 5
push_test_image() {
    local out
    "$DOCKER" tag "$TEST_IMAGE" "$REGISTRY_IMAGE"
    if ! out=$("$DOCKER" push "$REGISTRY_IMAGE" 2>&1); then
        printf 'test-env: | %s\n' "$out" >&2
        "$DOCKER" rmi "$REGISTRY_IMAGE" >/dev/null 2>&1 || true
        die "docker push $REGISTRY_IMAGE failed"
    fi
    # Only untags: $TEST_IMAGE still references the image.
    "$DOCKER" rmi "$REGISTRY_IMAGE" >/dev/null
}

# ------------------------------------------------------------------------ main
ensure_packages
ensure_engine
[[ -S $DOCKER_SOCK ]] || log "note: $DOCKER_SOCK is not a socket (DOCKER_HOST=${DOCKER_HOST:-<unset>})"
ensure_registry
ensure_test_image
push_test_image

server_version=$("$DOCKER" version --format '{{.Server.Version}}' 2>/dev/null || echo '?')
storage_driver=$("$DOCKER" info --format '{{.Driver}}' 2>/dev/null || echo '?')
image_id=$("$DOCKER" image inspect --format '{{.Id}}' "$TEST_IMAGE")
log "docker engine ${server_version} (${storage_driver}) ok via $DOCKER; registry http://${REGISTRY_ADDR} ok; ${TEST_IMAGE} ${image_id:0:19} pushed to ${REGISTRY_ADDR}"

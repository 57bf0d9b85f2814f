#!/usr/bin/env bash
# Prepares this machine for `npm test`, so a fresh clone passes with nothing done by hand:
# checks that Postgres and RabbitMQ answer, enables RabbitMQ's Prometheus plugin, and installs
# the Debian packages the tests drive when they are missing. Idempotent: on a prepared machine
# it only checks. Exits 1 with one clear message per thing it cannot fix.
set -uo pipefail

# program on PATH -> the Debian package that provides it
declare -A PACKAGES=(
  [prometheus]=prometheus   # test/e2e/prometheus: a real Prometheus scrapes the apps
  [promtool]=prometheus     # the alert rules and scrape config are checked with it
  [chromium]=chromium       # test/e2e/console: the operator console driven in a real browser
  [spamd]=spamd             # the pre-send spam check is tested against a real spamd (Debian bookworm: its own package)
)

say() { printf 'prepare-tests: %s\n' "$*"; }
fail() {
  say "$*" >&2
  exit 1
}

pg_host=127.0.0.1
pg_port=5432
if [ -n "${DATABASE_URL:-}" ]; then
  pg_host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname)' "$DATABASE_URL")
  pg_port=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||5432)' "$DATABASE_URL")
fi
if ! (exec 3<>"/dev/tcp/$pg_host/$pg_port") 2>/dev/null; then
  fail "PostgreSQL does not answer at $pg_host:$pg_port. Start it: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start"
fi

amqp_host=127.0.0.1
if [ -n "${AMQP_URL:-}" ]; then
  amqp_host=$(node -e 'console.log(new URL(process.argv[1]).hostname)' "$AMQP_URL")
fi
if ! (exec 3<>"/dev/tcp/$amqp_host/5672") 2>/dev/null; then
  fail "RabbitMQ does not answer at $amqp_host:5672. Start it: rabbitmq-server -detached"
fi

# the queue panels of the dashboards and the dead-letter alert read RabbitMQ's own metrics
rabbit_metrics="http://$amqp_host:${RABBITMQ_PROMETHEUS_PORT:-15692}/metrics"
if ! curl -fs -o /dev/null "$rabbit_metrics"; then
  if ! command -v rabbitmq-plugins >/dev/null; then
    fail "RabbitMQ's Prometheus endpoint does not answer at $rabbit_metrics, and rabbitmq-plugins is not here to enable it: run 'rabbitmq-plugins enable rabbitmq_prometheus' where RabbitMQ runs"
  fi
  say "enabling rabbitmq_prometheus"
  rabbitmq-plugins -q enable rabbitmq_prometheus >/dev/null 2>&1 ||
    fail "could not enable rabbitmq_prometheus (run as root or the rabbitmq user): rabbitmq-plugins enable rabbitmq_prometheus"
  for _ in $(seq 1 30); do curl -fs -o /dev/null "$rabbit_metrics" && break; sleep 1; done
  curl -fs -o /dev/null "$rabbit_metrics" || fail "rabbitmq_prometheus is enabled but $rabbit_metrics does not answer"
fi

missing=()
for program in "${!PACKAGES[@]}"; do
  command -v "$program" >/dev/null || missing+=("${PACKAGES[$program]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    fail "missing Debian packages: ${missing[*]}. Install them: sudo apt-get install -y --no-install-recommends ${missing[*]}"
  fi
  say "installing Debian packages: ${missing[*]}"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/dev/null ||
    fail "apt-get could not install ${missing[*]}; install them by hand: apt-get install -y ${missing[*]}"
  # Debian starts the package's own Prometheus on :9090; the tests start their own
  if [ -x /etc/init.d/prometheus ]; then service prometheus stop >/dev/null 2>&1 || true; fi
fi
exit 0

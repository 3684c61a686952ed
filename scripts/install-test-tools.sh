#!/usr/bin/env bash
# What the tests need besides the Python and npm packages: Debian's chromium (Playwright drives it through
# executable_path; no browser is ever downloaded), a Java runtime for the Nu Html Checker (npm vnu-jar) and rclone
# (`x1portal deploy` uploads with it; tested against a local S3 server), and faketime (`make test CLOCK=+5y` runs
# the suite with the clock moved ahead, docs/testing.md), and Go with Debian's golang.org/x/mod (tests/interop/: an
# independent reader of the transparency log, built in GOPATH mode with no network).
# Installs what is missing with apt-get when it can (root on Debian); otherwise stops with one message saying what
# to install. CHROMIUM=/path/to/chromium uses another Chromium instead of Debian's.
set -euo pipefail

chromium="${CHROMIUM:-/usr/bin/chromium}"
need=()
if [ ! -x "$chromium" ]; then
  if [ -n "${CHROMIUM:-}" ]; then
    echo "make test: CHROMIUM=$CHROMIUM is not an executable file; point it at a Chromium, or unset it to use Debian's" >&2
    exit 1
  fi
  need+=(chromium)
fi
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v rclone >/dev/null 2>&1 || need+=(rclone)
command -v faketime >/dev/null 2>&1 || need+=(faketime)
command -v go >/dev/null 2>&1 || need+=(golang-go)
[ -d /usr/share/gocode/src/golang.org/x/mod/sumdb/tlog ] || need+=(golang-golang-x-mod-dev)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "make test needs these Debian packages, which are missing: ${need[*]}." >&2
  echo "Install them (e.g. sudo apt-get install ${need[*]}), or set CHROMIUM=/path/to/chromium, then run make test again." >&2
  echo "缺少测试所需的软件包：${need[*]}。请先安装（如 sudo apt-get install ${need[*]}），或设置 CHROMIUM=Chromium 路径，再运行 make test。" >&2
  exit 1
fi
echo "installing ${need[*]} (Debian packages the tests need)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

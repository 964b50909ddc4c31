#!/usr/bin/env bash
# All tests: the Rust suites (`cargo test`), then the Python suite: the Python package
# (python/, built here) against the command line, also on Spark in local mode; the HTML report
# in Chromium (Playwright); the tables read with DuckDB, pandas, pyarrow (the latest and 14),
# polars, PySpark and warcio. Each environment is kept under ~/.cache, made on first use from
# the package registry.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

cargo test
cargo build

# Spark needs a Java runtime and the report's browser test Chromium: Debian's, when we may
# install them.
missing=()
command -v java > /dev/null || missing+=(default-jre-headless)
command -v chromium > /dev/null || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ] && command -v apt-get > /dev/null && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
fi

venvs="${THIDUA_VENVS:-$HOME/.cache/thidua-venvs}"
# venv NAME REQUIREMENTS: a virtual environment with those packages, made once per version
# of the requirements file.
venv() {
  local dir="$venvs/$1-$(sha1sum < "$2" | cut -c1-12)"
  if [ ! -x "$dir/bin/python" ]; then
    rm -rf "$dir.tmp"
    python3 -m venv "$dir.tmp" >&2
    "$dir.tmp/bin/pip" install --quiet --disable-pip-version-check -r "$2" >&2
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir/bin/python"
}
python=$(venv latest tests/python/requirements.txt)
# The Python package, built from this tree in the debug profile (it shares the build above).
MATURIN_PEP517_ARGS="--profile dev" "$python" -m pip install --quiet --disable-pip-version-check \
  --force-reinstall --no-deps ./python
THIDUA_OLD_PYTHON=$(venv oldest tests/python/requirements-oldest.txt)
export THIDUA_OLD_PYTHON
THIDUA="$CARGO_TARGET_DIR/debug/thidua" "$python" -m pytest -q tests/python -p no:cacheprovider

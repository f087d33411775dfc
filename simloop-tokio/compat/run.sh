#!/usr/bin/env bash
# Runs tokio's own test files against the facade under `--cfg simloop` and prints a table per
# file: tests passed, failed, ignored, or whether the file did not compile, and why.
#
# tokio's tests are taken at run time from the tokio package that the registry gives
# cargo (the published crate ships its `tests/` folder); nothing of tokio's is committed. The
# files are copied into a throwaway package under the target folder, whose `tokio` is this
# facade, and each is built and run on its own.
#
#   simloop-tokio/compat/run.sh                   # the files of FILES below
#   simloop-tokio/compat/run.sh time_sleep sync_mpsc
#
# Environment: CARGO_TARGET_DIR (default: target/ of the workspace; the throwaway package and
# its builds go to $CARGO_TARGET_DIR/simloop-tokio-compat), SIMLOOP_* as for any exploration.
# Each failure is looked up in classification.txt beside this script (`file::test class
# reason`); one that is not there is printed as "unclassified".
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
facade="$(dirname "$here")"
workspace="$(dirname "$facade")"
target="${CARGO_TARGET_DIR:-$workspace/target}"
work="$target/simloop-tokio-compat"
pkg="$work/package"

FILES=(time_sleep time_timeout time_interval time_pause task_join_set task_local task_abort
  task_id macros_select macros_join macros_try_join macros_pin macros_test join_handle_panic
  sync_barrier sync_broadcast sync_broadcast_weak sync_errors sync_mpsc sync_mpsc_weak
  sync_mutex sync_mutex_owned sync_notify sync_notify_owned sync_once_cell sync_oneshot
  sync_panic sync_rwlock sync_semaphore sync_semaphore_owned sync_set_once sync_watch)
if [ "$#" -gt 0 ]; then FILES=("$@"); fi

mkdir -p "$pkg/src" "$pkg/tests"
: > "$pkg/src/lib.rs"
# The dev-dependencies of tokio's tests that the files above use.
cat > "$pkg/Cargo.toml" <<TOML
[package]
name = "tokio-compat"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

# tokio's test files test \`cfg(feature = ...)\` of the tokio package: the same names here.
[features]
default = ["full", "test-util"]
full = ["fs", "io-util", "io-std", "macros", "net", "parking_lot", "process", "rt", "rt-multi-thread", "signal", "sync", "time"]
test-util = ["rt", "sync", "time"]
fs = []
io-std = []
io-util = []
macros = []
net = []
parking_lot = []
process = []
rt = []
rt-multi-thread = ["rt"]
signal = []
sync = []
time = []

[dev-dependencies]
tokio = { package = "simloop-tokio", path = "$facade", features = ["full", "test-util"] }
tokio-test = "0.4"
tokio-stream = "0.1"
futures = { version = "0.3", features = ["async-await"] }
futures-test = "0.3"
async-stream = "0.3"
rand = "0.9"

[lints.rust]
unexpected_cfgs = "allow"

# The explorations spend their time in the dependencies (tokio's sync, simloop): optimise
# those, keep tokio's test files quick to build.
[profile.dev.package."*"]
opt-level = 2
TOML

export CARGO_TARGET_DIR="$work/target"
export RUSTFLAGS="--cfg simloop ${RUSTFLAGS:-}"
cd "$pkg"
cargo generate-lockfile -q 2>/dev/null || cargo generate-lockfile
# Where the registry's tokio (the one the facade re-exports) was unpacked.
tokio_dir="$(cargo metadata --format-version 1 | python3 -c '
import json, sys, os
meta = json.load(sys.stdin)
print(next(os.path.dirname(p["manifest_path"]) for p in meta["packages"]
           if p["name"] == "tokio" and p["source"] and "registry" in p["source"]))')"
if [ ! -d "$tokio_dir/tests" ]; then
  cargo fetch -q
fi
version="$(basename "$tokio_dir")"
rm -rf "$pkg/tests" && mkdir -p "$pkg/tests"
cp -r "$tokio_dir/tests/support" "$pkg/tests/support"

results="$work/results"
mkdir -p "$results"
for file in "${FILES[@]}"; do
  cp "$tokio_dir/tests/$file.rs" "$pkg/tests/$file.rs"
done
# Each test function runs alone, under a time limit: a test that relies on what a simulation
# does not have (tokio's cooperative budget, real threads) may spin or block forever.
limit="${COMPAT_TEST_TIMEOUT:-30}"
for file in "${FILES[@]}"; do
  echo "compat: $file" >&2
  rm -f "$results/$file".*
  if ! cargo test --test "$file" --no-run --message-format short >"$results/$file.build" 2>&1; then
    echo "did-not-compile" > "$results/$file.status"
    continue
  fi
  echo "built" > "$results/$file.status"
  bin="$(cargo test --test "$file" --no-run --message-format json 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("reason") == "compiler-artifact" and msg.get("executable") and msg["target"]["kind"] == ["test"]:
        print(msg["executable"])')"
  : > "$results/$file.tests"
  ignored="$("$bin" --list --format terse --ignored 2>/dev/null || true)"
  "$bin" --list --format terse 2>/dev/null | sed -n 's/: test$//p' | while read -r name; do
    out="$results/$file.$name.out"
    if grep -qx "$name: test" <<<"$ignored"; then
      printf '%s\tignored\n' "$name" >> "$results/$file.tests"
      continue
    fi
    set +e
    (cd "$pkg" && RUST_BACKTRACE=0 timeout "$limit" "$bin" --exact "$name" --test-threads 1) >"$out" 2>&1
    code=$?
    set -e
    if [ "$code" = 0 ]; then status=ok; elif [ "$code" = 124 ]; then status=timeout; else status=FAILED; fi
    printf '%s\t%s\n' "$name" "$status" >> "$results/$file.tests"
  done
done

python3 "$here/table.py" "$version" "$results" "$here/classification.txt" "$tokio_dir/tests" "${FILES[@]}"

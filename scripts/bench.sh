#!/usr/bin/env bash
# Whole-process benchmarks of `ismsbook check` and `ismsbook build` on
# generated corpora: wall time (hyperfine, median of several runs after
# warm-up), CPU time, and peak resident memory (GNU time -v). Method and
# results: docs/performance.md.
#
# usage: scripts/bench.sh [options]
#   --check-sizes "1000 10000 100000"   corpus sizes for check (default)
#   --build-sizes "1000 10000"          corpus sizes for build (default)
#   --runs N          timed runs per measurement (default 10; 3 at 100,000)
#   --warmup N        untimed runs first, to warm the page cache (default 2)
#   --dir DIR         where corpora, outputs and results go
#                     (default /tmp/ismsbook-bench; corpora are reused when
#                     size, seed and generator are unchanged)
#   --out DIR         where `build` writes its sites (default: --dir); e.g.
#                     /dev/shm to take the disk out of the measurement
#   --seed S          corpus seed (default 1)
#   --profile         also record a CPU profile of check at 10,000 records
#                     with perf (if usable) and print the top functions; the
#                     profiled binary is built with `--profile profiling`
#                     (release plus line-level debug info)
#   --no-build        do not build the release binaries (use the ones there)
#   --hugo            also build each --build-sizes corpus with Hugo, side by
#                     side: the same records turned into one Markdown page each
#                     (examples/hugo_input.rs), both tools timed in the same
#                     hyperfine run, and the ratio ismsbook/Hugo printed, with
#                     peak memory and output size per record of both. Hugo
#                     is installed from Debian when missing (apt-get).
#   --malformed       after each build size: plant one malformed record in
#                     the middle of the corpus, build again over the site
#                     just built, and verify that the build fails naming the
#                     file and line, and leaves the previous site
#                     byte-identical (its SHA256SUMS checked); peak memory of
#                     that failing build is reported. The record is removed
#                     afterwards.
#
# needs: cargo, hyperfine, GNU time (/usr/bin/time), jq; perf for --profile.
#   apt-get install -y hyperfine time jq linux-perf
#
# The machine's other load distorts timings: the script prints the load
# average before each measurement, and the result table keeps min and max
# next to the median so noise is visible.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

check_sizes="1000 10000 100000"
build_sizes="1000 10000"
runs=""
warmup=2
dir=/tmp/ismsbook-bench
outdir=""
seed=1
profile=0
hugo=0
malformed=0
do_build=1
today=2026-11-22

while [ $# -gt 0 ]; do
    case "$1" in
        --check-sizes) check_sizes=$2; shift 2 ;;
        --build-sizes) build_sizes=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --dir) dir=$2; shift 2 ;;
        --out) outdir=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --profile) profile=1; shift ;;
        --no-build) do_build=0; shift ;;
        --hugo) hugo=1; shift ;;
        --malformed) malformed=1; shift ;;
        -h|--help) sed -n '2,42p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done

for tool in hyperfine /usr/bin/time jq; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y hyperfine time jq" >&2; exit 2; }
done

mkdir -p "$dir/bin" "$dir/results"
if [ "$do_build" = 1 ]; then
    cargo build --release --bin ismsbook --example gen_corpus --example hugo_input
    if [ "$profile" = 1 ]; then
        # The release profile carries no debug info; perf's call graphs need
        # it, so the profile is taken from the `profiling` profile
        # (Cargo.toml: release with debug = 1).
        cargo build --profile profiling --bin ismsbook
    fi
fi
# Freeze the binaries under test: other people may rebuild target/ meanwhile.
cp target/release/ismsbook "$dir/bin/ismsbook"
cp target/release/examples/gen_corpus "$dir/bin/gen_corpus"
cp target/release/examples/hugo_input "$dir/bin/hugo_input"
bin="$dir/bin/ismsbook"
gen="$dir/bin/gen_corpus"
if [ "$profile" = 1 ]; then
    cp target/profiling/ismsbook "$dir/bin/ismsbook-profiling"
fi

has_build=0
if "$bin" build --help >/dev/null 2>&1; then has_build=1; fi

machine() {
    echo "date:      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit:    $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown) (+ uncommitted changes: $(git -C "$repo" status --porcelain 2>/dev/null | wc -l) files)"
    echo "cpu:       $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') × $(nproc)"
    echo "memory:    $(free -m | awk '/Mem:/ {print $2 " MiB"}')"
    echo "kernel:    $(uname -r)"
    echo "rustc:     $(rustc --version)"
    echo "hyperfine: $(hyperfine --version)"
}

# Generate (or reuse) a corpus of $1 records.
corpus() {
    local n=$1 d="$dir/corpus-$1"
    local stamp="n=$n seed=$seed today=$today gen=$(cat "$repo/examples/gen_corpus.rs" "$repo"/examples/gen_corpus/*.rs | sha256sum | cut -c1-16) src=$(cat "$repo"/content/*.yaml | sha256sum | cut -c1-16)"
    if [ ! -f "$d/.stamp" ] || [ "$(cat "$d/.stamp")" != "$stamp" ]; then
        rm -rf "$d"
        "$gen" "$n" "$d" --seed "$seed" --today "$today" >&2
        echo "$stamp" > "$d/.stamp"
    fi
    echo "$d"
}

# Peak resident set size, in MiB, of one run of the command.
peak() {
    local out
    out=$(/usr/bin/time -v "$@" 2>&1 >/dev/null) || { echo "command failed: $*" >&2; echo "$out" | tail -20 >&2; exit 1; }
    echo "$out" | awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); printf "%d\n", $2 / 1024}'
}

# measure NAME N TARGET_SECONDS -- command...
results="$dir/results/summary.md"
measure() {
    local name=$1 n=$2 target=$3; shift 4
    local r=${runs:-$([ "$n" -ge 100000 ] && echo 3 || echo 10)}
    local json="$dir/results/$name-$n.json"
    echo "== $name $n records (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    hyperfine --style basic --warmup "$warmup" --runs "$r" --export-json "$json" -- "$(printf '%q ' "$@")" >&2
    local median min max user sys
    median=$(jq '.results[0].median' "$json")
    min=$(jq '.results[0].min' "$json")
    max=$(jq '.results[0].max' "$json")
    user=$(jq '.results[0].user' "$json")
    sys=$(jq '.results[0].system' "$json")
    rss=$(peak "$@")
    local verdict
    verdict=$(jq -rn --argjson m "$median" --argjson t "$target" 'if $m < $t then "met" else "missed" end')
    [ "$target" = "0" ] && verdict="—"
    local mem="—"
    if [ "$n" -ge 100000 ]; then
        mem=$([ "$rss" -lt 300 ] && echo "met (< 300 MiB)" || echo "missed (< 300 MiB)")
    fi
    printf '| %s | %s | %.3f | %.3f–%.3f | %.2f | %s | %s | %s | %s |\n' \
        "$name" "$n" "$median" "$min" "$max" "$(jq -n "$user + $sys")" "$rss" \
        "$([ "$target" = 0 ] && echo — || echo "< $target s")" "$verdict" "$mem" >> "$results"
}

{
    echo "# ismsbook benchmark results"
    echo
    echo '```'
    machine
    echo '```'
    echo
    echo "| command | records | median wall (s) | min–max (s) | CPU user+sys (s) | peak RSS (MiB) | time target | | memory |"
    echo "|---|---:|---:|---:|---:|---:|---|---|---|"
} > "$results"

target_check() { case $1 in 10000) echo 0.3 ;; 100000) echo 3 ;; *) echo 0 ;; esac; }
target_build() { case $1 in 10000) echo 1.0 ;; *) echo 0 ;; esac; }

for n in $check_sizes; do
    d=$(corpus "$n")
    measure check "$n" "$(target_check "$n")" -- "$bin" check --quiet --content "$d" --today "$today"
done

if [ "$has_build" = 1 ]; then
    for n in $build_sizes; do
        d=$(corpus "$n")
        measure build "$n" "$(target_build "$n")" -- "$bin" build --quiet --content "$d" --out "${outdir:-$dir}/public-$n" --today "$today"
    done
else
    echo "| build | — | \`ismsbook build\` not available in this binary | | | | | | |" >> "$results"
fi

# Side by side with Hugo: the same records, both tools in one hyperfine run
# (each tool's runs in turn, after warm-up; the machine's load is
# printed), the ratio of the medians, peak memory and bytes per record.
if [ "$hugo" = 1 ]; then
    if ! command -v hugo >/dev/null; then
        echo "installing hugo from Debian" >&2
        apt-get install -y -q hugo >&2 || { echo "cannot install hugo: apt-get install -y hugo" >&2; exit 2; }
    fi
    {
        echo
        echo "## Side by side with Hugo ($(hugo version | cut -d' ' -f2))"
        echo
        echo "| records | ismsbook median (s) | Hugo median (s) | ismsbook / Hugo | ismsbook peak RSS (MiB) | Hugo peak RSS (MiB) | ismsbook KB/record | Hugo KB/record |"
        echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
    } >> "$results"
    for n in $build_sizes; do
        d=$(corpus "$n")
        h="$dir/hugo-$n"
        "$dir/bin/hugo_input" "$d" "$h" >&2
        ours="${outdir:-$dir}/public-$n"
        theirs="${outdir:-$dir}/hugo-public-$n"
        r=${runs:-$([ "$n" -ge 100000 ] && echo 3 || echo 10)}
        json="$dir/results/hugo-$n.json"
        echo "== ismsbook vs hugo, $n records (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
        hyperfine --style basic --warmup "$warmup" --runs "$r" --export-json "$json" \
            -n ismsbook "$(printf '%q ' "$bin" build --quiet --content "$d" --out "$ours" --today "$today")" \
            -n hugo "$(printf '%q ' hugo --quiet --source "$h" --destination "$theirs")" >&2
        m_ours=$(jq '.results[0].median' "$json")
        m_hugo=$(jq '.results[1].median' "$json")
        rss_ours=$(peak "$bin" build --quiet --content "$d" --out "$ours" --today "$today")
        rss_hugo=$(peak hugo --quiet --source "$h" --destination "$theirs")
        kb_ours=$(du -sb "$ours" | awk -v n="$n" '{printf "%.1f", $1 / 1024 / n}')
        kb_hugo=$(du -sb "$theirs" | awk -v n="$n" '{printf "%.1f", $1 / 1024 / n}')
        ratio=$(jq -n "$m_ours / $m_hugo")
        printf '| %s | %.3f | %.3f | %.2f | %s | %s | %s | %s |\n' "$n" "$m_ours" "$m_hugo" "$ratio" \
            "$rss_ours" "$rss_hugo" "$kb_ours" "$kb_hugo" >> "$results"
        printf 'ismsbook / hugo at %s records: %.2f\n' "$n" "$ratio" >&2
    done
fi

# One malformed record in the middle of a built register: the build must
# stop with file:line, write nothing, and leave the previous site as it was.
if [ "$malformed" = 1 ] && [ "$has_build" = 1 ]; then
    {
        echo
        echo "## A malformed record in the middle"
        echo
        echo "| records | exit code | names file:line | previous site unchanged | peak RSS (MiB) |"
        echo "|---:|---:|---|---|---:|"
    } >> "$results"
    for n in $build_sizes; do
        d=$(corpus "$n")
        site="${outdir:-$dir}/public-$n"
        "$bin" build --quiet --content "$d" --out "$site" --today "$today" >/dev/null 2>&1
        before=$(cd "$site" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
        middle=$(find "$d/incidents" -name '*.yaml' | sort | awk -v n="$n" 'NR == int(n / 2) { print; exit }')
        bad="$(dirname "$middle")/ZZ-malformed.yaml"
        printf 'id: ZZ-1\ntitle: "an unclosed quote\nlevel: 1\n' > "$bad"
        set +e
        out=$(/usr/bin/time -v "$bin" build --content "$d" --out "$site" --today "$today" 2>&1)
        code=$?
        set -e
        rm -f "$bad"
        after=$(cd "$site" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
        rss=$(echo "$out" | awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); printf "%d\n", $2 / 1024}')
        named=$(echo "$out" | grep -q "ZZ-malformed.yaml:[0-9]" && echo yes || echo NO)
        same=$([ "$before" = "$after" ] && echo yes || echo NO)
        printf '| %s | %s | %s | %s | %s |\n' "$n" "$code" "$named" "$same" "$rss" >> "$results"
        if [ "$code" = 0 ] || [ "$named" != yes ] || [ "$same" != yes ]; then
            echo "malformed record at $n records: exit $code, named $named, unchanged $same" >&2
            echo "$out" | tail -20 >&2
            exit 1
        fi
    done
fi

if [ "$profile" = 1 ]; then
    d=$(corpus 10000)
    if perf record -o /dev/null -e cpu-clock true >/dev/null 2>&1; then
        perf record -q -e cpu-clock -F 1000 --call-graph dwarf,16384 -o "$dir/results/check-10000.perf" \
            "$dir/bin/ismsbook-profiling" check --quiet --content "$d" --today "$today" >/dev/null 2>&1
        {
            echo
            echo "## Profile: check, 10,000 records (perf, cpu-clock, inclusive)"
            echo
            echo '```'
            perf report -i "$dir/results/check-10000.perf" --children --sort symbol --stdio -g none 2>/dev/null \
                | grep -E '^ +[0-9.]+%' | grep -E 'ismsbook::|yaml_rust2::parser::Parser<T>::parse$|malloc$|free$|std::fs::read::inner|statx$|walkdir' \
                | sed -E 's/ +-  +- *$//; s/ {2,}/ /g' | awk 'NR <= 30' || true
            echo '```'
        } >> "$results"
    else
        echo "perf is not usable here; try: valgrind --tool=callgrind $bin check --content $dir/corpus-1000" >&2
    fi
fi

echo >&2
cat "$results"

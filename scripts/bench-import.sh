#!/usr/bin/env bash
# Whole-process benchmark of `ismsbook import`: a generated Japanese register
# of N rows (default 10,000; the columns of tests/fixtures/import/jp-register.xlsx,
# one header row) as a Shift_JIS CSV file and as an xlsx workbook (written
# by openpyxl), imported with examples/import/jp-register-csv.yaml into a
# fresh copy of the example content, N times each. Prints wall time (the
# median of the runs), CPU time and peak memory (GNU time). Results:
# docs/performance.md. In-process figures: `cargo bench --bench import`.
#
# usage: scripts/bench-import.sh [--rows N] [--runs R] [--dir DIR] [--no-build]
# needs: python3 with openpyxl, GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
rows=10000
runs=5
dir=/tmp/ismsbook-bench-import
do_build=1
while [ $# -gt 0 ]; do
    case "$1" in
        --rows) rows=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --dir) dir=$2; shift 2 ;;
        --no-build) do_build=0; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ "$do_build" = 1 ] && cargo build --release --quiet
bin="$repo/target/release/ismsbook"
mkdir -p "$dir"

python3 - "$dir" "$rows" <<'PY'
import csv, sys, openpyxl
out, n = sys.argv[1], int(sys.argv[2])
header = ["No.", "件名", "区分", "重要度", "分類", "発見", "報告", "封じ込め", "復旧", "完了", "報告者",
          "個人情報", "状況", "概要", "原因", "内容", "期限", "効果の確認", "備考", "判断日"]
def row(i):
    y, m, d, h = 2019 + i % 7, 1 + i % 12, 1 + i % 28, 8 + i % 9
    s = lambda day, hh, mm: f"{y}/{m}/{day} {hh}:{mm:02}"
    closed, minor = i % 3 != 0, i % 2 == 0
    det = f"令和{y - 2018}年{m}月{d}日 {h}:05" if i % 5 == 0 and y >= 2020 else s(d, h, 5)
    return [str(i + 1), f"記録{i}: 取引先への書類の扱いに関する事象", "ヒヤリハット" if minor else "事象",
            "軽微" if minor else "レベル1", ["誤送付", "紛失", "標的型メール", "漏えい"][i % 4], det, s(d, h, 30),
            "" if minor else s(d, h + 1, 0), "" if minor else s(d + 1, 10, 0), s(d + 2, 17, 0) if closed else "",
            "山田 太郎、佐藤 花子", "○" if i % 4 == 0 else "×", "完了" if closed else "対応中",
            "封入の際に取り違え、別の取引先へ送った。\n先方から連絡があり回収した。",
            "二人で確認する手順がなかった。" if closed else "", "封入時のダブルチェックを必須にする",
            f"{y + 1}/12/25", "3か月の件数を数える", "備考あり" if i % 7 == 0 else "", s(d, h, 45)]
with open(f"{out}/register.csv", "w", encoding="cp932", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(header)
    for i in range(n):
        w.writerow(row(i))
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("台帳")
ws.append(header)
for i in range(n):
    ws.append([v if v != "" else None for v in row(i)])
wb.save(f"{out}/register.xlsx")
PY

echo "rows: $rows, runs: $runs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
for kind in csv xlsx; do
    file="$dir/register.$kind"
    sheet=()
    [ "$kind" = xlsx ] && sheet=(--sheet 台帳)
    times=()
    for r in $(seq "$runs"); do
        rm -rf "$dir/content" && cp -r "$repo/content" "$dir/content"
        # Exit 1 is expected: check then reports the imported records' own
        # findings (the generated rows with 個人情報 ○ have some: level 3
        # needs more than these rows hold); 2 would be a failure.
        status=0
        /usr/bin/time -f "%e %U %S %M" -o "$dir/time.txt" \
            "$bin" import "$file" --map "$repo/examples/import/jp-register-csv.yaml" \
            "${sheet[@]}" --content "$dir/content" --today 2026-11-22 --quiet \
            >/dev/null 2>"$dir/stderr.txt" || status=$?
        if [ "$status" -ge 2 ]; then cat "$dir/stderr.txt" >&2; exit 1; fi
        times+=("$(tail -n 1 "$dir/time.txt")")
        written=$(find "$dir/content/incidents" -name 'OLD-*' | wc -l)
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v k="$kind" -v n="$runs" -v w="$written" '
        { t[NR]=$1; u[NR]=$2; s[NR]=$3; m[NR]=$4 }
        END { i=int((n+1)/2); printf "%-5s %6d records  wall %5.2f s (min %.2f, max %.2f)  cpu %5.2f s  peak %6.1f MB\n",
              k, w, t[i], t[1], t[n], u[i]+s[i], m[i]/1024 }'
done

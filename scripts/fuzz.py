#!/usr/bin/env python3
"""Mutation campaign over `ismsbook check` and `ismsbook build`.

Each case copies the content directory into a fresh folder, applies one to
three random mutations (truncation, flipped bytes, invalid UTF-8, BOMs, YAML
alias bombs, deep nesting, odd dates and numbers, path tricks, symlinked
evidence, deeply nested Markdown and HTML, hostile masks and ids, ...), then
runs `check` and `build` on the copy under a 6 GB address-space limit.

A case is a finding when either command panics, overflows its stack, exits
with a code other than 0, 1 or 2, takes longer than --slow seconds or times
out, or when the run changed the copied content, wrote anything outside the
case's `public/` output, or left files in the work folder. Cases are
reproducible from their seed. Exit status: 0 when no case was a finding,
1 otherwise. See docs/testing.md ("Mutation campaign").

    scripts/fuzz.py --bin target/release/ismsbook --seeds 0 60
"""
import argparse, hashlib, json, os, random, re, shutil, subprocess, sys, tempfile, time

BIN = SRC = WORK = LOG = None
TIMEOUT = 40
SLOW = 20.0

def snapshot(root, skip=()):
    out = {}
    for d, dirs, files in os.walk(root, followlinks=False):
        rel = os.path.relpath(d, root)
        if any(rel == s or rel.startswith(s + "/") for s in skip):
            dirs[:] = []
            continue
        for f in files + [x for x in dirs if os.path.islink(os.path.join(d, x))]:
            p = os.path.join(d, f)
            r = os.path.relpath(p, root)
            if os.path.islink(p):
                out[r] = "link:" + os.readlink(p)
            else:
                try:
                    with open(p, "rb") as fh:
                        out[r] = hashlib.sha256(fh.read()).hexdigest()
                except OSError as e:
                    out[r] = "err:" + str(e)
    return out

def files_of(root):
    out = []
    for d, dirs, files in os.walk(root):
        for f in files:
            out.append(os.path.relpath(os.path.join(d, f), root))
    return sorted(out)

YAML_FILES = None

def rnd_unicode(r):
    return r.choice(["\u202e", "\u202d", "\u200f", "\u0301" * r.randint(1, 5000), "\u0000", "\uffff",
                     "\ufeff", "\u2028", "\u3000" * 50, "\U0001F600" * 100, "\ufffd", "\x7f", "\x1b[31m",
                     "\u0085", "ﾞ" * 300, "\u200b" * 1000, "𠮷" * 200, "\ud7ff", "\uFDD0"])

def mutate(r, case_root):
    content = os.path.join(case_root, "content")
    files = files_of(content)
    yamls = [f for f in files if f.endswith(".yaml")]
    mds = [f for f in files if f.endswith(".md")]
    kind = r.choice([
        "truncate", "flip", "flip", "invalid_utf8", "bom", "bom16", "crlf", "cr", "alias_bomb",
        "deep_flow", "deep_block", "huge_number", "odd_date", "long_line", "odd_unicode",
        "path_trick", "symlink_evidence", "md_nest", "dup_keys", "tags", "multi_doc", "contacts_long",
        "mask_odd", "odd_tz", "many_records", "empty_file", "binary_garbage", "replace_value",
        "anchors_merge", "md_html", "odd_id", "deep_md_list", "big_table", "null_values", "yaml_weird_scalars",
        "html_variants", "html_variants", "summary_html", "long_mask_used",
    ])
    desc = kind
    def rw(rel, fn, mode="t"):
        p = os.path.join(content, rel)
        b = open(p, "rb").read()
        nb = fn(b)
        open(p, "wb").write(nb)
    if kind == "truncate":
        rel = r.choice(yamls + mds)
        rw(rel, lambda b: b[: r.randint(0, len(b))]); desc += " " + rel
    elif kind == "flip":
        rel = r.choice(yamls + mds)
        def f(b):
            b = bytearray(b)
            for _ in range(r.randint(1, 20)):
                if b:
                    i = r.randrange(len(b)); b[i] = r.randrange(256)
            return bytes(b)
        rw(rel, f); desc += " " + rel
    elif kind == "invalid_utf8":
        rel = r.choice(yamls + mds)
        def f(b):
            i = r.randint(0, len(b))
            return b[:i] + r.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe3\x81", b"\xf4\x90\x80\x80", b"\xc0\xaf"]) + b[i:]
        rw(rel, f); desc += " " + rel
    elif kind == "bom":
        rel = r.choice(yamls + mds); rw(rel, lambda b: b"\xef\xbb\xbf" * r.randint(1, 3) + b); desc += " " + rel
    elif kind == "bom16":
        rel = r.choice(yamls + mds)
        rw(rel, lambda b: b.decode("utf-8", "replace").encode(r.choice(["utf-16", "utf-16-le", "utf-32"]))); desc += " " + rel
    elif kind == "crlf":
        rel = r.choice(yamls + mds); rw(rel, lambda b: b.replace(b"\n", b"\r\n")); desc += " " + rel
    elif kind == "cr":
        rel = r.choice(yamls + mds); rw(rel, lambda b: b.replace(b"\n", b"\r")); desc += " " + rel
    elif kind == "alias_bomb":
        rel = r.choice(yamls)
        bomb = 'x0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
            f"x{i}: &a{i} [*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1}]\n" for i in range(1, r.randint(3, 12)))
        rw(rel, lambda b: b + b"\n" + bomb.encode()); desc += " " + rel
    elif kind == "deep_flow":
        rel = r.choice(yamls); n = r.choice([100, 1000, 10000, 200000])
        rw(rel, lambda b: b + b"\ndeep: " + b"[" * n + b"]" * n + b"\n"); desc += f" {rel} {n}"
    elif kind == "deep_block":
        rel = r.choice(yamls); n = r.choice([50, 200, 2000])
        s = "".join("  " * i + f"k{i}:\n" for i in range(n)) + "  " * n + "v\n"
        rw(rel, lambda b: b + b"\ndeepb:\n" + ("".join("  " * (i + 1) + f"k{i}:\n" for i in range(n)) + "  " * (n + 1) + "v\n").encode()); desc += f" {rel} {n}"
    elif kind == "huge_number":
        rel = r.choice(yamls)
        val = r.choice(["99999999999999999999999999999", "-9223372036854775809", "9223372036854775807", "1e400", "-1e400",
                        ".nan", ".inf", "-.inf", "0x7fffffffffffffff", "0o777777777777777777777777", "-0", "1_000_000", "0b1111", "18446744073709551616"])
        key = r.choice(["level", "records_affected", "every", "within", "version", "days"])
        def f(b):
            s = b.decode("utf-8", "replace")
            s2, n = re.subn(rf"(?m)^(\s*{key}:)\s*.*$", lambda m: m.group(1) + " " + val, s, count=1)
            if n == 0:
                s2 = s + f"\n{key}: {val}\n"
            return s2.encode()
        rw(rel, f); desc += f" {rel} {key}={val}"
    elif kind == "odd_date":
        rel = r.choice(yamls)
        val = r.choice(["0000-01-01", "9999-12-31T23:59:59+09:00", "2026-02-30", "2026-13-01", "+10000-01-01", "-0001-01-01",
                        "2026-01-01T24:00:00+09:00", "2026-06-30T23:59:60+09:00", "2026-01-01T00:00:00+99:99", "2026-01-01T00:00:00+23:59",
                        "1970-01-01T00:00:00Z", "2262-04-12T00:00:00Z", "1677-09-21T00:00:00Z", "262143-12-31", "2026-1-1", "2026-01-01T00:00",
                        "2026-01-01 00:00:00", "２０２６－０１－０１", "2026-01-01T00:00:00.123456789123+09:00", "99999999999-01-01"])
        key = r.choice(["detected_at", "occurred_at", "reported_at", "closed_at", "approved_at", "due", "at", "done_at", "collected_at", "held_at", "date"])
        def f(b):
            s = b.decode("utf-8", "replace")
            s2, n = re.subn(rf"(?m)^(\s*-?\s*{key}:)\s*.*$", lambda m: m.group(1) + " " + val, s, count=r.randint(1, 3))
            return s2.encode()
        rw(rel, f); desc += f" {rel} {key}={val}"
    elif kind == "long_line":
        rel = r.choice(yamls); n = r.choice([10_000, 300_000, 3_000_000])
        ch = r.choice(["a", "あ", "中村 大輔", "[x](http://e)", "*", "<", "&amp;", " ", "\\"])
        key = r.choice(["title", "summary", "cause", "name", "location", "organization"])
        def f(b):
            s = b.decode("utf-8", "replace")
            v = json.dumps(ch * (n // max(1, len(ch.encode()))), ensure_ascii=False)
            s2, k = re.subn(rf"(?m)^({key}:)\s*.*$", lambda m: m.group(1) + " " + v, s, count=1)
            return s2.encode()
        rw(rel, f); desc += f" {rel} {key} {n}x{ch!r}"
    elif kind == "odd_unicode":
        rel = r.choice(yamls + mds)
        u = rnd_unicode(r)
        def f(b):
            s = b.decode("utf-8", "replace")
            i = r.randint(0, len(s))
            return (s[:i] + u + s[i:]).encode("utf-8", "surrogatepass")
        rw(rel, f); desc += f" {rel} {u[:3]!r}"
    elif kind == "path_trick":
        rel = r.choice([f for f in yamls if f.startswith("incidents/")] + mds)
        trick = r.choice(["../../../../etc/passwd", "/etc/passwd", "../site.yaml", "..%2f..%2fetc%2fpasswd", "evidence/../../outside.txt",
                          "C:\\Windows\\win.ini", "file:///etc/passwd", "\\\\server\\share", "evidence/INC-2025-007/./../../../x",
                          "evidence/%00", "evidence/a\u0000b", "~/.ssh/id_rsa", "evidence/INC-2025-007/" + "a/" * 200 + "x",
                          "evidence", "evidence/", ".", "..", "evidence/INC-2025-007/..", "/proc/self/environ", "/dev/zero", "/dev/urandom"])
        def f(b):
            s = b.decode("utf-8", "replace")
            if rel.endswith(".md"):
                return (s + f"\n\n[link]({trick}) ![img]({trick})\n").encode("utf-8", "surrogatepass")
            s2, n = re.subn(r"(?m)^(\s*-?\s*path:)\s*.*$", lambda m: m.group(1) + " " + json.dumps(trick), s, count=1)
            if n == 0:
                s2 = s + "\nevidence:\n  - path: " + json.dumps(trick) + "\n    description: x\n"
            return s2.encode("utf-8", "surrogatepass")
        rw(rel, f); desc += f" {rel} {trick!r}"
    elif kind == "symlink_evidence":
        target = r.choice(["/etc/passwd", "/", "..", "../..", "/dev/zero", "/proc/self/mem", "loop", WORK])
        d = os.path.join(content, "evidence", "INC-2025-007")
        os.makedirs(d, exist_ok=True)
        name = r.choice(["link.txt", "dirlink"])
        p = os.path.join(d, name)
        if os.path.lexists(p):
            os.remove(p)
        if target == "loop":
            os.symlink(p, p)
        else:
            os.symlink(target, p)
        rel = "incidents/2025/INC-2025-007.yaml"
        def f(b):
            s = b.decode()
            return (s + f"\n") .encode() if "evidence:" in s and r.random() < 0.3 else re.sub(r"(?m)^(\s*-\s*path:)\s*.*$", lambda m: m.group(1) + f" evidence/INC-2025-007/{name}", s, count=1).encode()
        rw(rel, f); desc += f" {name}->{target}"
    elif kind == "md_nest":
        rel = r.choice(mds); n = r.choice([1000, 10000, 100000])
        pat = r.choice([">", "- ", "* ", "1. ", "[", "*", "_", "`", "<div>", "![", "#"])
        rw(rel, lambda b: b + b"\n" + (pat * n).encode() + b" x\n"); desc += f" {rel} {pat!r}*{n}"
    elif kind == "dup_keys":
        rel = r.choice(yamls); rw(rel, lambda b: b + b"\n" + b.split(b"\n")[r.randrange(max(1, len(b.split(b"\n"))))] + b"\n"); desc += " " + rel
    elif kind == "tags":
        rel = r.choice(yamls)
        t = r.choice(["!!binary aGVsbG8=", "!!python/object:os.system ls", "!custom x", "!!set {a, b}", "!!omap [a: 1]", "!<tag:yaml.org,2002:str> x", "!!timestamp 2001-12-14", "!!float 1"])
        key = r.choice(["title", "level", "summary", "name", "extra"])
        rw(rel, lambda b: re.sub(rf"(?m)^({key}:)\s*.*$".encode(), lambda m: m.group(1) + b" " + t.encode(), b, count=1) if re.search(rf"(?m)^{key}:".encode(), b) else b + f"\n{key}: {t}\n".encode()); desc += f" {rel} {t}"
    elif kind == "multi_doc":
        rel = r.choice(yamls); rw(rel, lambda b: b + b"\n---\n" + b + b"\n...\n---\n"); desc += " " + rel
    elif kind == "contacts_long":
        n = r.choice([100, 300, 2000])
        rw("contacts.yaml", lambda b: b.replace("中村 大輔".encode(), ("中" * n + " " + "大" * 3).encode(), 1)); desc += f" {n}"
    elif kind == "mask_odd":
        m = r.choice(["", " ", ".*", "(", "\\", "あ" * 5000, "a", "\u0000", "{{", "{%", "<script>", "&amp;", "株式会社", "ﾞ", "\u200b"])
        rw("site.yaml", lambda b: b + f"\nmask:\n  - term: {json.dumps(m, ensure_ascii=False)}\n    label: X\n".encode()); desc += f" {m[:10]!r}"
    elif kind == "odd_tz":
        tz = r.choice(["+99:99", "Z", "UTC", "+24:00", "-23:59", "+09", "Asia/Tokyo", "", "+09:00:00", "-00:00", "+14:01"])
        rw("site.yaml", lambda b: re.sub(rb'(?m)^timezone:.*$', lambda m: ("timezone: " + json.dumps(tz)).encode(), b)); desc += f" {tz!r}"
    elif kind == "many_records":
        src = os.path.join(content, "incidents/2026/INC-2026-003.yaml")
        t = open(src, "rb").read()
        n = r.choice([50, 300])
        for i in range(n):
            idn = f"INC-2026-{500+i:03d}"
            open(os.path.join(content, f"incidents/2026/{idn}.yaml"), "wb").write(t.replace(b"INC-2026-003", idn.encode()))
        desc += f" {n}"
    elif kind == "empty_file":
        rel = r.choice(yamls + mds); rw(rel, lambda b: r.choice([b"", b"\n", b"---\n", b"~\n", b"null\n", b"[]\n", b"{}\n", b"- \n", b"\"\"\n"])); desc += " " + rel
    elif kind == "binary_garbage":
        rel = r.choice(yamls + mds); rw(rel, lambda b: os.urandom(r.choice([10, 1000, 100000]))); desc += " " + rel
    elif kind == "replace_value":
        rel = r.choice(yamls)
        val = r.choice(["[]", "{}", "~", "null", "true", "''", "[1,2,3]", "{a: b}", "- x", "|", ">", "&x", "*x", "!!null", "0", "-1", "3.5", "\"\\u0000\"", "\"\\ud800\"", "\"\\U0010FFFF\""])
        def f(b):
            lines = b.split(b"\n")
            idx = [i for i, l in enumerate(lines) if re.match(rb"^\s*-?\s*[A-Za-z_]+:", l)]
            if not idx: return b
            i = r.choice(idx)
            lines[i] = re.sub(rb"^(\s*-?\s*[A-Za-z_]+:).*$", lambda m: m.group(1) + b" " + val.encode(), lines[i])
            return b"\n".join(lines)
        rw(rel, f); desc += f" {rel} {val}"
    elif kind == "anchors_merge":
        rel = r.choice(yamls); rw(rel, lambda b: b"base: &b {title: x, level: 1}\n<<: *b\n" + b); desc += " " + rel
    elif kind == "md_html":
        rel = r.choice(mds)
        h = r.choice(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<iframe src=//evil>", "[x](javascript:alert(1))",
                      "<a href='data:text/html,x'>x</a>", "{{ secret }}", "{% raw %}", "<!--", "]]>", "<svg><script>x</script></svg>", "\x00"])
        rw(rel, lambda b: b + ("\n\n" + h + "\n").encode()); desc += f" {rel} {h!r}"
    elif kind == "odd_id":
        rel = r.choice([f for f in yamls if f.startswith("incidents/")])
        i = r.choice(["../../x", "INC-2026-003", "", "INC-2026-003/../../x", "ＩＮＣ－２０２６－００１", "INC-2026-0001", "a" * 5000, "<b>", "INC-2026-\u0000"])
        rw(rel, lambda b: re.sub(rb"(?m)^id:.*$", lambda m: ("id: " + json.dumps(i, ensure_ascii=False)).encode(), b, count=1)); desc += f" {rel} {i[:20]!r}"
    elif kind == "deep_md_list":
        rel = r.choice(mds); n = r.choice([200, 2000, 20000])
        rw(rel, lambda b: b + b"\n" + b"".join((b"  " * i) + b"- x\n" for i in range(n))); desc += f" {rel} {n}"
    elif kind == "big_table":
        rel = r.choice(mds); n = r.choice([1000, 20000])
        rw(rel, lambda b: b + b"\n|" + b"a|" * n + b"\n|" + b"-|" * n + b"\n"); desc += f" {rel} {n}"
    elif kind == "null_values":
        rel = r.choice(yamls); rw(rel, lambda b: re.sub(rb"(?m)^([a-z_]+:)\s+\S.*$", lambda m: m.group(1), b, count=r.randint(1, 5))); desc += " " + rel
    elif kind == "yaml_weird_scalars":
        rel = r.choice(yamls)
        v = r.choice(["? complex key\n: v", "key: 'unterminated", "key: \"\\x\"", "key: @reserved", "key: `bt", "%YAML 1.1\n---", "%TAG ! tag:x,2000:\n---", "key: !!str", "key: |-\n\n\n", "key: >+\n  a\n\n", "\t- tab"])
        rw(rel, lambda b: b + b"\n" + v.encode() + b"\n"); desc += f" {rel} {v!r}"
    elif kind in ("html_variants", "summary_html"):
        n = r.choice([200, 5000, 50000])
        pat = r.choice(["<span><div></span>", "<div><b id={k}>x</div>", "<p><span>", "<svg><option>", "<table><tr><td><table>",
                        "<a href=x{k}>", "<li><ul>", "<b><i><u>", "<details><summary>", "<select><div>", "<math><mi><div>",
                        "<template><div>", "<object><div>", "<font color={k}>", "<div><table></div>"])
        blob = "".join(pat.replace("{k}", str(k)) for k in range(n))
        if kind == "html_variants":
            rel = r.choice(mds); rw(rel, lambda b: b + b"\n" + blob.encode() + b" x\n")
        else:
            rel = r.choice([f for f in yamls if f.startswith("incidents/")])
            def f(b):
                s_ = b.decode("utf-8", "replace")
                return re.sub(r"(?m)^(summary:)\s*.*$", lambda m: m.group(1) + " " + json.dumps(blob), s_, count=1).encode()
            rw(rel, f)
        desc += f" {rel} {pat!r}*{n}"
    elif kind == "long_mask_used":
        term = "機密計画" * r.choice([100, 1000])
        rw("site.yaml", lambda b: b + f"\nmask:\n  - term: {term}\n    label: X\n".encode())
        rel = r.choice([f for f in yamls if f.startswith("incidents/")])
        def f(b):
            s_ = b.decode("utf-8", "replace")
            return re.sub(r"(?m)^(location:)\s*.*$", lambda m: m.group(1) + " " + json.dumps(term * r.choice([1, 50])), s_, count=1).encode()
        rw(rel, f); desc += f" {rel} {len(term)}"
    return desc

def run(cmd, cwd):
    t = time.time()
    try:
        p = subprocess.run(["prlimit", "--as=6000000000", "--"] + cmd, cwd=cwd, capture_output=True, timeout=TIMEOUT,
                           env={**os.environ, "RUST_BACKTRACE": "1", "NO_COLOR": "1"})
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), time.time() - t
    except subprocess.TimeoutExpired as e:
        return "timeout", "", (e.stderr or b"").decode("utf-8", "replace"), time.time() - t

def one(seed):
    r = random.Random(seed)
    case = os.path.join(WORK, f"c{seed}")
    shutil.rmtree(case, ignore_errors=True)
    os.makedirs(case)
    shutil.copytree(SRC, os.path.join(case, "content"), symlinks=True)
    descs = [mutate(r, case) for _ in range(r.choice([1, 1, 1, 2, 3]))]
    content_before = snapshot(os.path.join(case, "content"))
    outside_before = snapshot(case, skip=("content", "public"))
    wk_before = set(os.listdir(WORK))
    findings = []
    for cmd in (["check", "--content", "content", "--today", "2026-11-22"],
                ["build", "--content", "content", "--out", "public", "--today", "2026-11-22"]):
        rc, out, err, dt = run([BIN] + cmd, case)
        bad = []
        if rc == "timeout": bad.append("timeout")
        elif rc not in (0, 1, 2): bad.append(f"rc={rc}")
        if "panicked" in err or "overflow" in err.lower() and "stack" in err.lower(): bad.append("panic")
        if dt > SLOW and rc != "timeout": bad.append(f"slow {dt:.1f}s")
        if bad:
            findings.append({"seed": seed, "cmd": cmd[0], "bad": bad, "desc": descs, "rc": rc, "err": err[-3000:], "dt": round(dt, 1)})
    if snapshot(os.path.join(case, "content")) != content_before:
        findings.append({"seed": seed, "bad": ["content modified"], "desc": descs})
    after = snapshot(case, skip=("content", "public"))
    if after != outside_before:
        findings.append({"seed": seed, "bad": ["written outside out"], "desc": descs, "diff": sorted(set(after) ^ set(outside_before))[:20]})
    if set(os.listdir(WORK)) - wk_before - {f"c{seed}"}:
        findings.append({"seed": seed, "bad": ["written in work dir"], "desc": descs, "new": sorted(set(os.listdir(WORK)) - wk_before)})
    if LOG:
        with open(LOG, "a") as fh:
            for f in findings:
                fh.write(json.dumps(f, ensure_ascii=False) + "\n")
    for f in findings:
        print(json.dumps(f, ensure_ascii=False)[:4000], file=sys.stderr)
    status = "BAD " + ";".join(b for f in findings for b in f["bad"]) if findings else "ok"
    print(seed, status, descs, flush=True)
    if not findings:
        shutil.rmtree(case, ignore_errors=True)
    return 1 if findings else 0

def main():
    global BIN, SRC, WORK, LOG, TIMEOUT, SLOW
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default="target/release/ismsbook", help="the ismsbook binary to try")
    ap.add_argument("--content", default="content", help="the content directory to mutate (never written)")
    ap.add_argument("--work", help="folder for the cases (default: a new temporary folder)")
    ap.add_argument("--log", help="append each finding to this JSON Lines file")
    ap.add_argument("--timeout", type=int, default=TIMEOUT, help="seconds before a command counts as hung")
    ap.add_argument("--slow", type=float, default=SLOW, help="seconds after which a command counts as slow")
    ap.add_argument("--seeds", nargs=2, type=int, default=[0, 60], metavar=("FIRST", "END"))
    a = ap.parse_args()
    BIN, SRC = os.path.abspath(a.bin), os.path.abspath(a.content)
    WORK = os.path.abspath(a.work) if a.work else tempfile.mkdtemp(prefix="ismsbook-fuzz-")
    LOG, TIMEOUT, SLOW = a.log, a.timeout, a.slow
    os.makedirs(WORK, exist_ok=True)
    bad = 0
    for seed in range(*a.seeds):
        bad += one(seed)
    n = a.seeds[1] - a.seeds[0]
    if bad:
        print(f"{n} cases, {bad} with findings (kept in {WORK}; rerun one with --seeds N N+1)")
    else:
        print(f"{n} cases, no findings")
        if not a.work:
            shutil.rmtree(WORK, ignore_errors=True)
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main())

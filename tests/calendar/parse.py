"""Parse iCalendar files with two independent parsers and print what they read.

Usage: python3 parse.py FILE.  Prints a JSON list of the events
[{"uid", "start", "end", "summary", "description", "sequence", "stamp",
"alarms"}...] as read by `icalendar`, after checking that `ics` (a separate
implementation) reads the same UIDs and start dates. Output goes to the
original stdout/stderr: `ics` 0.7 (through TatSu) wraps `sys.stdout` with
colorama on every parse, and the wrappers recurse. Exit 3 when either
package is missing (the Rust test then skips), 1 on any disagreement or
parse error.
"""
import json
import sys

try:
    import icalendar
    import ics
except ImportError as e:  # pragma: no cover
    print(f"missing: {e}", file=sys.stderr)
    sys.exit(3)


def main(path):
    data = open(path, "rb").read()
    text = data.decode("utf-8")
    cal = icalendar.Calendar.from_ical(text)
    events = []
    for ev in cal.walk("VEVENT"):
        events.append({
            "uid": str(ev["UID"]),
            "start": ev.decoded("DTSTART").isoformat(),
            "end": ev.decoded("DTEND").isoformat(),
            "summary": str(ev["SUMMARY"]),
            "description": str(ev.get("DESCRIPTION", "")),
            "sequence": int(ev["SEQUENCE"]),
            "stamp": ev.decoded("DTSTAMP").isoformat(),
            "alarms": [str(a["TRIGGER"].to_ical().decode()) for a in ev.walk("VALARM")],
        })
    other = ics.Calendar(text)
    theirs = sorted((e.uid, e.begin.date().isoformat()) for e in other.events)
    ours = sorted((e["uid"], e["start"][:10]) for e in events)
    if theirs != ours:
        sys.__stderr__.write(f"{path}: parsers disagree:\n{theirs}\n{ours}\n")
        sys.exit(1)
    sys.__stdout__.buffer.write(json.dumps(events, ensure_ascii=False).encode("utf-8"))


if __name__ == "__main__":
    main(sys.argv[1])

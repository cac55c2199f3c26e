#!/usr/bin/env python3
"""gradescope_results.py - is FILE a results.json Gradescope takes, that
keeps hidden tests hidden?

    gradescope_results.py FILE

Gradescope's contract (https://gradescope-autograders.readthedocs.io/en/latest/specs/,
the "Output format" section): a JSON object; "score" (it overrides the
tests' total if given), "execution_time", "output", "output_format",
"stdout_visibility", "tests"; each test with "score", "max_score",
"status" (passed or failed), "name", "number", "output", "visibility"
(hidden, after_due_date, after_published or visible).  "If test cases are
hidden, students will not be able to see their total score": the kit's
top-level output, always shown, must then say nothing a hidden test
decided.  So, besides the contract:

  - the tests' scores add up to "score", their maxima to "max_score";
  - the top-level output names no test that is not visible, and its
    first score line is the visible tests' ("Visible tests: S/M") when
    some test is not visible, the whole score ("Score: S/M") when none.

Prints "tests=N score=S max_score=M hidden=H" and exits 0, or prints the
first problem and exits 1.
"""
import json
import re
import sys

VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}


def number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check(doc):
    if not isinstance(doc, dict):
        return "not a JSON object"
    if not number(doc.get("score")):
        return "no numeric score"
    for key in ("execution_time",):
        if key in doc and not number(doc[key]):
            return f"{key} is not a number"
    if not isinstance(doc.get("output", ""), str):
        return "output is not text"
    if doc.get("output_format", "text") not in FORMATS:
        return f"output_format {doc['output_format']!r}"
    if doc.get("stdout_visibility", "hidden") not in VISIBILITY:
        return f"stdout_visibility {doc['stdout_visibility']!r}"
    tests = doc.get("tests")
    if not isinstance(tests, list):
        return "no tests array"
    total = maximum = 0
    visible_score = visible_max = 0
    unseen = []
    for t in tests:
        if not isinstance(t, dict) or not isinstance(t.get("name"), str) or not t["name"]:
            return "a test has no name"
        name = t["name"]
        if not number(t.get("score")) or not number(t.get("max_score")):
            return f"{name}: score or max_score is not a number"
        if not 0 <= t["score"] <= t["max_score"]:
            return f"{name}: score {t['score']} out of 0..{t['max_score']}"
        if t.get("status") not in ("passed", "failed"):
            return f"{name}: status {t.get('status')!r}"
        if t["max_score"] > 0 and (t["status"] == "passed") != (t["score"] == t["max_score"]):
            return f"{name}: status {t['status']} with {t['score']}/{t['max_score']}"
        if t.get("visibility", "visible") not in VISIBILITY:
            return f"{name}: visibility {t.get('visibility')!r}"
        if not isinstance(t.get("output", ""), str):
            return f"{name}: output is not text"
        total += t["score"]
        maximum += t["max_score"]
        if t.get("visibility", "visible") == "visible":
            visible_score += t["score"]
            visible_max += t["max_score"]
        else:
            unseen.append(name.split(": ", 1)[-1])
    if total != doc["score"]:
        return f"tests add up to {total}, score is {doc['score']}"
    if "max_score" in doc and doc["max_score"] != maximum:
        return f"max_score {doc['max_score']} is not {maximum}"
    output = doc.get("output", "")
    for name in unseen:
        if re.search(r"\b" + re.escape(name) + r"\b", output):
            return f"the top-level output names the hidden test {name}"
    # The same line in English or in French (COURSE_LANG=fr).
    words = {"Visible tests": "Visible tests", "Tests visibles": "Visible tests",
             "Score": "Score", "Note": "Score"}
    line = re.search(r"(Visible tests|Tests visibles|Score|Note) ?: (\d+)/(\d+) points", output)
    if line is None and not tests:     # the grader could not run at all
        print(f"tests=0 score={total} max_score=0 hidden=0")
        return None
    if line is None:
        return "the top-level output gives no score line"
    want = ("Visible tests", visible_score, visible_max) if unseen else \
        ("Score", total, maximum)
    got = (words[line.group(1)], int(line.group(2)), int(line.group(3)))
    if got != want:
        return f"the top-level output says {got}, not {want}"
    print(f"tests={len(tests)} score={total} max_score={maximum} hidden={len(unseen)}")
    return None


def main():
    if len(sys.argv) != 2:
        print("usage: gradescope_results.py FILE", file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1], "rb") as f:
            doc = json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError) as e:
        print(f"not JSON: {e}")
        return 1
    problem = check(doc)
    if problem:
        print(problem)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""check_result.py - does a result.json keep Classroom 50's contract?

    check_result.py [--runner CLASSROOM ASSIGNMENT OWNER] RESULT.json
    check_result.py --runtime RUNTIME.json PACKAGE...

The contract is "classroom50/result/v1", as Classroom 50's wiki states it
(Advanced Autograding, "The result.json contract") and as its runner and
score collector check it before a score reaches the gradebook:

  - an object; "schema" is exactly "classroom50/result/v1";
  - "classroom", "assignment", "submission" (a "submit/..." tag), "commit",
    "release", "review" and "datetime" are non-empty strings;
  - "score" and "max-score" are integers (not booleans), 0 <= score <= max;
  - "tests" is a list of objects, each with a non-empty string
    "test-name", a boolean "passed", and integer "score" <= "max-score";
    any other field is the autograder's own, and is kept.

The kit asks more of its own results, since a grade is right or it is a
bug: the totals are the sums of the tests', a test that passed has all its
points and one that failed has none, test names are unique, and the file
is plain UTF-8 JSON with no duplicate key.

--runner does what the runner does to the file before it checks it: stamps
"owner", "assignment_type", "datetime" and "graded_at", then requires
"classroom" and "assignment" to be the run's.

--runtime checks an assignment's runtime block: a JSON object whose "apt"
is exactly PACKAGE... (the Debian packages `make deps` installs), each a
name the runner accepts (lowercase Debian package names, as its
AptPackagePattern says), and whose other keys are the runtime's own.

Prints "score=N max=M tests=T" (or "runtime ok") and exits 0, or prints
what is wrong and exits 1.  Only the standard library: no pip here.
"""

import json
import re
import sys

SCHEMA = "classroom50/result/v1"
STRINGS = ("classroom", "assignment", "submission", "commit", "release",
           "review", "datetime")
APT_PACKAGE = re.compile(r"^[a-z0-9][a-z0-9.+-]{0,63}$")
RUNTIME_KEYS = {"runs-on", "python", "node", "java", "go", "rust", "apt",
                "container"}


def integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    for k in keys:
        if keys.count(k) > 1:
            raise ValueError(f"duplicate key {k!r}")
    return dict(pairs)


def load(path):
    with open(path, "rb") as f:
        raw = f.read()
    return json.loads(raw.decode("utf-8"), object_pairs_hook=no_duplicates)


def check_result(data):
    """The list of what breaks the contract (empty: it holds)."""
    if not isinstance(data, dict):
        return ["the document is not a JSON object"]
    errors = []
    if data.get("schema") != SCHEMA:
        errors.append(f"schema is {data.get('schema')!r}, not {SCHEMA!r}")
    for key in STRINGS:
        if not isinstance(data.get(key), str) or not data[key]:
            errors.append(f"{key!r} must be a non-empty string")
    if isinstance(data.get("submission"), str) and \
            not data["submission"].startswith("submit/"):
        errors.append("'submission' must be a 'submit/...' tag")
    score, top = data.get("score"), data.get("max-score")
    if not integer(score) or score < 0:
        errors.append("'score' must be a non-negative integer")
    if not integer(top) or top < 0:
        errors.append("'max-score' must be a non-negative integer")
    tests = data.get("tests")
    if not isinstance(tests, list):
        return errors + ["'tests' is not a list"]
    names = set()
    for i, t in enumerate(tests):
        where = f"tests[{i}]"
        if not isinstance(t, dict):
            errors.append(f"{where} is not an object")
            continue
        name = t.get("test-name")
        if not isinstance(name, str) or not name:
            errors.append(f"{where}.test-name must be a non-empty string")
        elif name in names:
            errors.append(f"{where}.test-name {name!r} is not unique")
        names.add(name)
        if not isinstance(t.get("passed"), bool):
            errors.append(f"{where}.passed must be a boolean")
        ts, tm = t.get("score"), t.get("max-score")
        if not integer(ts) or ts < 0 or not integer(tm) or tm < 0:
            errors.append(f"{where}: score and max-score must be non-negative integers")
            continue
        if ts > tm:
            errors.append(f"{where}: score {ts} > max-score {tm}")
        if t.get("passed") is True and ts != tm:
            errors.append(f"{where} passed with {ts} of {tm} points")
        if t.get("passed") is False and ts != 0:
            errors.append(f"{where} failed with {ts} points")
    if errors:
        return errors
    if score != sum(t["score"] for t in tests):
        errors.append(f"score {score} is not the sum of the tests' scores")
    if top != sum(t["max-score"] for t in tests):
        errors.append(f"max-score {top} is not the sum of the tests' max-scores")
    if integer(score) and integer(top) and score > top:
        errors.append(f"score {score} > max-score {top}")
    return errors


def runner_stamp(data, classroom, assignment, owner):
    """What the runner does before it validates (runner.py, finalize_result)."""
    errors = []
    if isinstance(data, dict):
        data["owner"] = owner
        data["assignment_type"] = "individual"
        data["datetime"] = "2026-01-01T00:00:00Z"
        data["graded_at"] = "2026-01-01T00:00:00Z"
        if data.get("classroom") != classroom:
            errors.append(f"classroom is {data.get('classroom')!r}, not {classroom!r}")
        if data.get("assignment") != assignment:
            errors.append(f"assignment is {data.get('assignment')!r}, not {assignment!r}")
    return errors


def check_runtime(data, packages):
    if not isinstance(data, dict):
        return ["the runtime is not a JSON object"]
    errors = [f"unknown runtime key {k!r}" for k in data if k not in RUNTIME_KEYS]
    apt = data.get("apt")
    if not isinstance(apt, list) or not all(isinstance(p, str) for p in apt):
        return errors + ["'apt' must be a list of package names"]
    errors += [f"apt package {p!r} is not a Debian package name"
               for p in apt if not APT_PACKAGE.match(p)]
    if sorted(apt) != sorted(packages):
        errors.append(f"apt is {apt}, not what make deps installs: {packages}")
    if "container" in data:
        errors.append("a runtime with apt packages cannot set a container")
    return errors


def main(argv):
    try:
        if len(argv) >= 2 and argv[0] == "--runtime":
            errors = check_runtime(load(argv[1]), argv[2:])
            ok = "runtime ok"
        else:
            stamp = None
            if len(argv) == 5 and argv[0] == "--runner":
                stamp, argv = argv[1:4], argv[4:]
            if len(argv) != 1:
                print(__doc__.split("\n\n")[1], file=sys.stderr)
                return 2
            data = load(argv[0])
            errors = runner_stamp(data, *stamp) if stamp else []
            errors += check_result(data)
            if not errors:
                ok = (f"score={data['score']} max={data['max-score']} "
                      f"tests={len(data['tests'])}")
    except (OSError, ValueError) as e:      # JSONDecodeError is a ValueError
        errors = [str(e)]
    for e in errors:
        print(e)
    if errors:
        return 1
    print(ok)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""autograder.py - the mmap lab kit's autograder for Classroom 50.

`make classroom50` puts this file beside a copy of the kit (kit/: the
grader, common/, and the assignment's labs with their visible tests) in
each assignment's folder, CLASSROOM/autograders/ASSIGNMENT/ of the
classroom50 repository.  On every submission, Classroom 50's runner
fetches that folder and runs `python autograder.py` in the student's
checkout (its wiki, "Advanced Autograding"), with CLASSROOM, ASSIGNMENT,
SUBMISSION_TAG, COMMIT_URL, RELEASE_URL and REVIEW_URL set.

It builds the grader from the bundled kit, grades the checkout's lab
files with it (never the checkout's own tests or grader: a student may
edit those), prints the report the student reads in the run's log, and
leaves ./result.json ("classroom50/result/v1", written by the grader's
--classroom50).  The packages come from the assignment's runtime block
("apt", runtime.json).

Exit status, as the runner reads it: 0 when the submission was graded,
whatever its score; 1 when it could not be (the grader's exit 2: the kit
or the machine failed, not the student), with no result.json, so that the
runner reports an error and gives no score.  An environment's failure is
never the student's 0.

As root, or through passwordless sudo (GitHub's hosted runners), the
grader runs as root: it then runs the tests as an unprivileged user of
their own with bubblewrap, which needs no unprivileged user namespaces
(Ubuntu 24.04 forbids those by default).  Otherwise it runs as the job's
user and says which isolation it had.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
KIT = HERE / "kit"
RESULT = Path("result.json")
# What the runner tells the autograder, and the grader writes (report_c50.c).
IDENTITY = ("CLASSROOM", "ASSIGNMENT", "SUBMISSION_TAG", "COMMIT_URL", "RELEASE_URL",
            "REVIEW_URL")


def infrastructure_error(why):
    """No score: the runner turns a non-zero exit into an error status."""
    RESULT.unlink(missing_ok=True)
    print(f"::error::the grader could not grade this submission: {why}")
    print("This is not a grade: your instructor can see what happened in this log.")
    return 1


def as_root():
    """The prefix that runs a command as root, if there is one."""
    if os.geteuid() == 0:
        return []
    sudo = shutil.which("sudo")
    if sudo and subprocess.run([sudo, "-n", "true"], capture_output=True).returncode == 0:
        # sudo clears the environment: env hands the grader what it writes
        # into result.json, whatever sudo's policy on keeping variables.
        return [sudo, "-n", "env"] + [f"{name}={os.environ[name]}" for name in IDENTITY
                                      if name in os.environ]
    return []


def course_language():
    """--lang from the bundle's course.lang (make classroom50 COURSE_LANG=fr)."""
    chosen = KIT / "course.lang"
    lang = chosen.read_text().strip() if chosen.is_file() else ""
    return ["--lang", lang] if lang in ("en", "fr") else []


def main():
    checkout = Path.cwd()
    RESULT.unlink(missing_ok=True)
    if subprocess.run(["make", "-s", "-C", str(KIT), "grader"]).returncode != 0:
        return infrastructure_error("the grader does not build (are the runtime's apt packages installed?)")
    # Where the labs are in the checkout (the repository's labs/, or the
    # checkout itself); none found: every lab is "not submitted", a grade.
    tree = subprocess.run(["sh", str(KIT / "grader/tools/subroot.sh"), str(KIT), str(checkout)],
                          capture_output=True, text=True).stdout.strip() or str(checkout)
    work = Path(tempfile.mkdtemp(prefix="kit-classroom50-"))
    work.chmod(0o755)       # the tests' user must reach the build folders
    result = work / "result.json"
    status = subprocess.run(as_root() + [
        str(KIT / "build/grader/grader"), "--kit", str(KIT), "--kit-build", str(KIT / "build/kit"),
        "--build", str(work / "build"), "--submission", tree,
        "--classroom50", str(result), "--color", "never"] + course_language()).returncode
    if status not in (0, 1):
        return infrastructure_error(f"the grader stopped with exit status {status}")
    if not result.is_file():
        return infrastructure_error("the grader wrote no result.json")
    # Copied, not moved: written as root, the runner's user must rewrite it.
    RESULT.write_bytes(result.read_bytes())
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

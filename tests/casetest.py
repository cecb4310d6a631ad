"""casetest.py: the runner shared by the Python test scripts: every function named case_* is a
test case; all run, each failure is reported, and the last line says 'N passed, N failed'."""
import os
import sys


def expect(actual, expected, what):
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


def contains(text, part, what="output"):
    if part not in text:
        raise AssertionError(f"{what}: {part!r} not in {text!r}")


def write_file(directory, name, text):
    """Writes TEXT to DIRECTORY/NAME (UTF-8) and returns the path."""
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def main(namespace):
    cases = [(n, f) for n, f in namespace.items() if n.startswith("case_")]
    failed = 0
    for name, fn in cases:
        try:
            fn()
            print(f"ok   {name}")
        except Exception as e:  # a failing case must not stop the others
            failed += 1
            print(f"FAIL {name}: {e}")
    print(f"{len(cases) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)

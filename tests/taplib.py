"""TAP-style lines for the Python test scripts (stdlib only; imported by path
like tests/pnglib.py): one numbered line a check, what failed followed by
its detail as "# " lines, and the plan at the end."""


class Tap:
    def __init__(self):
        self.checks = 0
        self.failures = 0

    def check(self, cond, what, detail=""):
        """Prints "ok N - what", or "not ok N - what" and up to 30 lines of
        detail. Returns cond."""
        self.checks += 1
        print(("ok" if cond else "not ok") + f" {self.checks} - {what}")
        if not cond:
            self.failures += 1
            for line in str(detail).splitlines()[:30]:
                print("# " + line)
        return cond

    def done(self):
        """Prints the plan ("1..N") and returns the exit status: 1 when a
        check failed, else 0."""
        print(f"1..{self.checks}")
        return 1 if self.failures else 0

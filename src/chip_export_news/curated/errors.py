"""Problems in curated input, reported to the curator as file, line, field, what and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

MAX_REPORTED = 50
EXCERPT_CHARS = 60


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """A value as messages may echo it: escaped (repr) and cut short, so that an error message
    never carries a file's content (a token, a whole text) into a log."""
    shown = repr(value)
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    line: Optional[int] = None
    field: Optional[str] = None
    hint: Optional[str] = None
    column: Optional[int] = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "") + (f":{self.column}" if self.column else "")
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}" + (f"\n    fix: {self.hint}" if self.hint else "")


class CurationError(Exception):
    """One or more problems in the input; the build stops before writing anything."""

    def __init__(self, problems: list[Problem], outcome: str = "dataset/ was not changed."):
        self.problems = problems
        self.outcome = outcome  # what the failure means for the user's files, said last
        super().__init__("\n".join(str(p) for p in problems))

    def report(self) -> str:
        shown = self.problems[:MAX_REPORTED]
        lines = [str(p) for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"... and {len(self.problems) - len(shown)} more problems")
        noun = "problem" if len(self.problems) == 1 else "problems"
        lines.append(f"{len(self.problems)} {noun} found" + (f"; {self.outcome}" if self.outcome else "."))
        return "\n".join(lines)


class Collector:
    """Gathers problems across a whole run so the curator sees them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise CurationError(self.problems)


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM (a CI timeout): the run stops, cleaning up as it unwinds."""

    def __init__(self, signum: int, dataset_changed: bool = False):
        super().__init__(signum)
        self.signum = signum
        self.dataset_changed = dataset_changed

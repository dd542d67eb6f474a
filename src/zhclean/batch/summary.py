"""What happened across all inputs: counts, the summary line, and the exit code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .console import console
from .tasks import Mode, Outcome, Status

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2


@dataclass
class Report:
    """What happened across all inputs; decides the exit code.

    ``--check`` and ``--diff`` exit 1 when anything would change or a finding is reported;
    ``--write`` exits 1 when findings remain after the fixes (as ruff's fix hook
    fails while unfixable problems remain); ``exit_zero`` makes both 0. Errors are always 2.
    """

    mode: Mode
    exit_zero: bool = False
    files: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    edits: int = 0
    findings: int = 0
    suggestions: int = 0
    per_filter: Counter[str] = field(default_factory=Counter)
    kinds: Counter[tuple[str, str]] = field(default_factory=Counter)

    def error(self, message: str) -> None:
        self.failed += 1
        console().error(message)

    def note(self, message: str) -> None:
        console().note(message)

    def add(self, outcome: Outcome) -> None:
        self.files += 1
        self.edits += outcome.edits
        self.findings += outcome.findings
        self.suggestions += outcome.suggestions
        self.per_filter.update(outcome.per_filter)
        self.kinds.update(outcome.kinds)
        if outcome.status is Status.CHANGED:
            self.changed += 1
        elif outcome.status is Status.UNCHANGED:
            self.unchanged += 1
        elif outcome.status is Status.SKIPPED:
            self.skipped += 1
        else:
            self.failed += 1

    @property
    def exit_code(self) -> int:
        if self.failed:
            return EXIT_ERROR
        if self.exit_zero:
            return EXIT_OK
        if self.mode in (Mode.CHECK, Mode.DIFF) and (self.changed or self.findings):
            return EXIT_CHANGES
        if self.mode is Mode.WRITE and self.findings:
            return EXIT_CHANGES
        return EXIT_OK

    def summary_line(self) -> str:
        files = self.changed + self.unchanged
        verb = "would change" if self.mode in (Mode.CHECK, Mode.DIFF) else "changed"
        parts = [f"{files} file{'s' * (files != 1)} checked", f"{self.changed} {verb}"]
        if self.edits and self.mode is Mode.CHECK:
            parts.append(f"{self.edits} edit{'s' * (self.edits != 1)}")
        if self.suggestions:
            hint = "" if self.mode is Mode.CHECK else " (--check lists them, --unsafe-fixes applies them)"
            parts.append(f"{self.suggestions} suggestion{'s' * (self.suggestions != 1)} not applied{hint}")
        if self.findings:
            left = (
                " left (the run fails: --mark-gaps or a zhclean: ignore comment acknowledges one)"
                if self.mode is Mode.WRITE and not self.exit_zero
                else ""
            )
            parts.append(f"{self.findings} finding{'s' * (self.findings != 1)}{left}")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.failed:
            parts.append(f"{self.failed} error{'s' * (self.failed != 1)}")
        return ", ".join(parts) + "."

    def print_table(self) -> None:
        from rich.table import Table

        table = Table(title="zhclean", title_justify="left", show_header=False)
        table.add_column("what")
        table.add_column("count", justify="right")
        verb = "would change" if self.mode in (Mode.CHECK, Mode.DIFF) else "changed"
        for label, value in (
            ("files scanned", self.files),
            (verb, self.changed),
            ("unchanged", self.unchanged),
            ("skipped", self.skipped),
            ("failed", self.failed),
            ("suggestions not applied", self.suggestions),
            ("findings", self.findings),
        ):
            table.add_row(label, str(value))
        for fid, count in sorted(self.per_filter.items(), key=lambda kv: -kv[1]):
            table.add_row(f"  edits by {fid}", str(count))
        console().err.rich.print(table)

"""The exception tree. Library code raises these; the CLI prints one line."""

from __future__ import annotations

import unicodedata


class KGError(Exception):
    """Anything the user can fix: the message says what, where and how."""


class RecordError(KGError):
    """One input record is invalid; names the file, line and field."""

    # the actor or event the refused row gave, as (kind, id), when a row refused whole still tells it:
    # records naming it then say it was refused here, not that nothing holds it
    refers: tuple[str, str] | None = None

    def __init__(self, reason: str, field: str | None = None, file: str | None = None,
                 line: int | None = None) -> None:
        self.reason = reason
        self.field = field
        self.file = file
        self.line = line
        super().__init__(self.describe())

    def located(self, file: str, line: int) -> RecordError:
        """The same error, placed at ``file:line``."""
        return RecordError(self.reason, self.field, file, line)

    def each(self) -> list[RecordError]:
        """Every problem this error stands for, one line each (itself, here)."""
        return [self]

    def describe(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line is not None else f"{self.file}: "
        field = f"{self.field}: " if self.field else ""
        # one line, whatever a name or value it quotes holds (a column name with a line break in it, from a
        # spreadsheet's Alt+Enter: an adversarial reader saw the message split in two)
        return one_line(f"{where}{field}{self.reason}")


def one_line(text: str) -> str:
    """``text`` with its line breaks and other control characters written as escapes (``\\n``); other
    characters as they are (a no-break space in an id is what a message names)."""
    if text.isprintable():
        return text
    return "".join(c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in ("Cc", "Zl", "Zp")
                   else c for c in text)


class RecordErrors(RecordError):
    """Several problems of one record, all reported at once; ``errors`` lists them in column order."""

    def __init__(self, errors: list[RecordError]) -> None:
        self.errors = errors
        first = errors[0]
        super().__init__(first.reason, first.field, first.file, first.line)

    def located(self, file: str, line: int) -> RecordError:
        return RecordErrors([e.located(file, line) for e in self.errors])

    def each(self) -> list[RecordError]:
        return list(self.errors)

    def describe(self) -> str:
        more = len(self.errors) - 1
        return super().describe() + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


class FileProblem(RecordError):
    """A problem with a file itself (its encoding, quoting or header): part or all of it was not read."""

    def located(self, file: str, line: int) -> RecordError:
        return FileProblem(self.reason, self.field, file, line)


class InputError(KGError):
    """A file or folder given to ingest cannot be read as a dataset."""


class StrictLoadError(KGError):
    """``--strict`` (or ``--replace``, which is strict too) found bad records, so nothing was written."""

    def __init__(self, errors: list[RecordError], option: str = "--strict") -> None:
        self.errors, self.option = errors, option
        super().__init__(
            f"{self.summary()}; {option} wrote nothing. First: {errors[0].describe()}"
        )

    def summary(self) -> str:
        """How many records were bad and how many files had problems of their own (a misnamed file, a
        bad header, a line not read), and how many problems they had."""
        whole = {(e.file, e.line) for e in self.errors if isinstance(e, FileProblem)}
        bad = {(e.file, e.line) for e in self.errors} - whole
        files = len({f for f, _line in whole})
        parts = [f"{len(bad)} bad record{'s' if len(bad) != 1 else ''}"] if bad else []
        if files:
            parts.append(f"{files} file{'s' if files != 1 else ''} with a problem")
        problems = f" ({len(self.errors)} problems)" if len(self.errors) != len(bad) + len(whole) else ""
        return " and ".join(parts) + problems


class LoadInterrupted(KGError):
    """The user stopped a load; the batches written so far are whole."""

    def __init__(self, written: int, total: int) -> None:
        self.written, self.total = written, total
        super().__init__(f"interrupted: {written} of {total} records were written, in whole batches; "
                         "the rest was not. Load again to finish (loading is idempotent)")


class UsageMistake(KGError):
    """The command's arguments contradict themselves (one actor named twice, in two forms of its id): exit 2,
    as the same mistake caught by the command line itself is."""


class UnknownIdError(KGError):
    """An actor, group, event or party named in a question is not in the store."""


class StoreError(KGError):
    """The store cannot be opened or reached."""

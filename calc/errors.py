"""The one exception calc raises for bad input: a Chinese message a user can act on."""

from __future__ import annotations


class CalcInputError(ValueError):
    """Bad input: ``message`` is the Traditional-Chinese explanation shown to the user.

    ``activity`` is the 0-based index of the offending activity, or None for a top-level problem
    (year, gwp, the payload's shape). ``code`` is a stable machine-readable reason (e.g.
    ``unknown_source``, ``unit_mismatch``) for callers that want to branch on it; ``field`` names the
    input field at fault when known.
    """

    def __init__(
        self,
        message: str,
        activity: int | None = None,
        *,
        code: str = "invalid_input",
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.activity = activity
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return self.message

    def at_activity(self, index: int) -> CalcInputError:
        """This error tagged with the activity index (keeps an index already set)."""
        if self.activity is not None:
            return self
        return CalcInputError(self.message, index, code=self.code, field=self.field)

    def to_dict(self) -> dict[str, object]:
        """The CLI's and the gateway's error body."""
        return {"error": self.message, "activity": self.activity}

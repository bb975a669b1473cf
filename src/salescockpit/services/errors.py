"""Errors a use case raises; `message` is translated and ready to show to the user."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from salescockpit.i18n import _

if TYPE_CHECKING:
    from salescockpit.domain.pipeline import GateProblem


class ServiceError(Exception):
    """A use case refused; `message` says why in words the user understands."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PermissionDenied(ServiceError):
    """The actor may not do this (a manager on another's lead, a manager scoring, ...)."""


class NotFound(ServiceError):
    """The lead, call, callback, review, user or script does not exist."""


class InvalidInput(ServiceError):
    """A value is wrong; `field` names it (the first one when `errors` holds several)."""

    def __init__(self, field: str, message: str, errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.errors: dict[str, str] = dict(errors) if errors else {field: message}

    @classmethod
    def from_errors(cls, errors: Mapping[str, str]) -> InvalidInput:
        """One error for a whole form: every field's message, the first field named."""
        field = next(iter(errors))
        return cls(field, " ".join(errors.values()), errors)


class GateRefused(ServiceError):
    """A stage move blocked by its gates; `problems` lists every reason."""

    def __init__(self, problems: Iterable[GateProblem]) -> None:
        self.problems = list(problems)
        text = " ".join(problem.message for problem in self.problems)
        if self.overridable:
            text = " ".join((text, _("Only the head of sales can override this, with a reason.")))
        super().__init__(text)

    @property
    def overridable(self) -> bool:
        """True when the head could override every problem (with a reason)."""
        return bool(self.problems) and all(problem.overridable for problem in self.problems)


class UnknownUser(ServiceError):
    """The login is not a salescockpit user yet."""

    def __init__(self, login: str) -> None:
        self.login = login
        super().__init__(
            _(
                "{login} is not a salescockpit user. The head of sales can add them with: "
                "salescockpit user add {login} --name NAME --role head|manager"
            ).format(login=login)
        )

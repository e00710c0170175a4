"""A service's refusal shown on the form that asked for it."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the fields it names, the rest at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ServiceErrorsMixin:
    """`form.add_service_errors(error)`, for the forms of a line's screens."""

    def add_service_errors(self, error: ValidationError) -> None:
        assert isinstance(self, forms.BaseForm)
        add_service_errors(self, error)


def error_text(error: ValidationError) -> str:
    """A service's ValidationError as one line, for a screen that shows it as a message rather than on a form."""
    return "；".join(m for ms in getattr(error, "message_dict", {"": error.messages}).values() for m in ms)

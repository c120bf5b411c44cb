"""How every app's views show a form and hand it to one service.

The services check the rules and refuse with a ValidationError; the view shows the refusal
at the field it names, or above the form, and keeps what was typed.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def form_page(
    request: HttpRequest,
    form: Form,
    save: Callable[[], object],
    *,
    done: Callable[[object], object],
    template: str,
    context: dict,
    saved: str,
) -> HttpResponse:
    """Bind, call one service, redirect to `done(what it returned)`; on a refusal show the
    form again with the message."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save()
        except ValidationError as error:
            refusal_shown(form, error)
        else:
            messages.success(request, saved)
            return redirect(done(result))
    return render(request, template, {"form": form, **context})


def refusal_shown(form: Form, error: ValidationError) -> None:
    """Show a service's refusal at the field it names, or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)

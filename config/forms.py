"""What the forms of every app share."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit


def form_helper(label: str | None = None, name: str = "save", **attrs: str) -> FormHelper:
    """Crispy's layout of a form's fields, with a submit button `name` if `label` is given.

    The page's template writes the <form> tag itself (its action, enctype, CSRF token and the
    hidden fields the view needs), so crispy must not write one: a form inside a form is
    invalid HTML, and browsers silently drop the inner tag.
    """
    helper = FormHelper()
    helper.form_tag = False
    if label is not None:
        helper.add_input(Submit(name, label, **attrs))
    return helper

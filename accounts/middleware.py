from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from .services import sign_in_is_live

SESSION_KEY = "sign_in"


class SignInMiddleware:
    """End a session whose sign-in was logged out, on this host or any other."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not sign_in_is_live(request.session.get(SESSION_KEY), user.pk):
            logout(request)
        return self.get_response(request)

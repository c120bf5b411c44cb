from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from .models import AuditEntry
from .services import audit_record


@receiver(user_login_failed, dispatch_uid="audit_failed_login")
def record_failed_login(sender, credentials: dict, request=None, **kwargs) -> None:
    # Django has already removed the password from `credentials`.
    audit_record(
        action=AuditEntry.Action.LOGIN_FAILED,
        actor=None,
        target=str(credentials.get("username", ""))[:254],
        request=request,
    )

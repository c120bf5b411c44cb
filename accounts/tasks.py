from celery import shared_task

from .models import User
from .services import account_invitation_send


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=600, max_retries=5)
def send_account_invitation(user_id: int, site_url: str) -> None:
    # Idempotent: once the person has chosen a password, a redelivered task sends nothing.
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        account_invitation_send(user=user, site_url=site_url)

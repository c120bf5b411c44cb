"""Stakeholder surveys of one municipality (tenant schema).

Texts are kept in German and English side by side (`*_de`, `*_en`): a survey has a primary
language (the municipality's) and may offer the other one as a translation, chosen by the
respondent. `Translated.localized()` picks the active language and falls back to the other.

Anonymity is structural: a `Response` has no reference to the `Recipient` who was invited,
nor to the open link it came through, and only the day it was submitted.
"""

import hashlib
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Left
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from phases.models import user_reference

LANGUAGES = (("de", _("German")), ("en", _("English")))
# How much of a free text the index for the alphabetical samples of the results holds.
TEXT_PREFIX = 100


def token_hash(token: str) -> str:
    """What is stored of a secret link token: its SHA-256, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def active_language() -> str:
    return (translation.get_language() or "de")[:2]


# The agreement scale's points, as every form, figure and note names them.
LIKERT_LABELS = {
    1: _("Strongly disagree"),
    2: _("Disagree"),
    3: _("Neither agree nor disagree"),
    4: _("Agree"),
    5: _("Strongly agree"),
}


def quoted(text: str) -> str:
    """`text` in the quotation marks of the active language."""
    return _("“%(text)s”") % {"text": text}


def either(texts) -> str:
    """“A”, “B” or “C”."""
    texts = list(texts)
    if len(texts) < 2:
        return "".join(texts)
    return _("%(some)s or %(last)s") % {"some": ", ".join(texts[:-1]), "last": texts[-1]}


class Translated(models.Model):
    """A row with German and English variants of its texts."""

    class Meta:
        abstract = True

    def localized(self, field: str, language: str | None = None) -> str:
        language = language or active_language()
        other = "en" if language == "de" else "de"
        return getattr(self, f"{field}_{language}", "") or getattr(self, f"{field}_{other}", "")


class TargetGroup(Translated):
    """A stakeholder group a survey addresses (employees, citizens, companies, associations…)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name_de = models.CharField(_("name (German)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("target group")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.localized("name")


class SurveySettings(models.Model):
    """The municipality's privacy settings for surveys (one row)."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown in results"),
        default=5,
        validators=[MinValueValidator(3)],
        help_text=_("Figures based on fewer responses are suppressed. Never below 3."),
    )
    email_retention_days = models.PositiveSmallIntegerField(
        _("days e-mail addresses are kept after a survey closes"),
        default=90,
        validators=[MinValueValidator(0), MaxValueValidator(730)],
    )
    # Questionnaires posted by the closing date reach the town hall days later
    # (lifecycle.paper_late_until).
    paper_late_days = models.PositiveSmallIntegerField(
        _("days paper questionnaires can still be entered after a survey closes"),
        default=14,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "For questionnaires posted before the closing date. Entry ends sooner once the "
            "results are published. At most 60."
        ),
    )

    # The privacy notice respondents read (surveys.views.notices): the standard text states
    # what Wegweiser stores and for how long from these settings; the municipality names
    # its data protection officer and adds what only it can say (its legal basis, its
    # supervisory authority).
    privacy_officer = models.CharField(
        _("data protection officer"),
        max_length=300,
        blank=True,
        help_text=_("Name and contact, as the privacy notice names them."),
    )
    privacy_addition_de = models.TextField(
        _("further privacy information (German)"),
        blank=True,
        help_text=_("Added to the standard privacy notice, e.g. the legal basis."),
    )
    privacy_addition_en = models.TextField(_("further privacy information (English)"), blank=True)
    # The accessibility statement (surveys.views.notices): where to report a barrier, and
    # the state's enforcement procedure, which differs from state to state.
    accessibility_contact = models.CharField(
        _("contact for barriers"),
        max_length=300,
        blank=True,
        help_text=_("Who answers reports of barriers; the municipality's contact if empty."),
    )
    accessibility_addition_de = models.TextField(
        _("further accessibility information (German)"),
        blank=True,
        help_text=_("Added to the accessibility statement, e.g. the enforcement procedure."),
    )
    accessibility_addition_en = models.TextField(
        _("further accessibility information (English)"), blank=True
    )

    class Meta:
        verbose_name = _("survey settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_group_size__gte=3), name="min_group_size_at_least_3"
            )
        ]

    def __str__(self) -> str:
        return str(_("Survey settings"))


class Instrument(models.Model):
    """One questionnaire line, run in waves (e.g. "Digital change readiness" 2026, 2027)."""

    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("instrument")

    def __str__(self) -> str:
        return self.name


class Survey(Translated):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="surveys")
    wave = models.PositiveSmallIntegerField(_("wave"), default=1)
    title_de = models.CharField(_("title (German)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_de = models.TextField(_("introduction (German)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    # The invitation e-mail's own words, per language: the mail speaks each language the survey
    # does (surveys.services.mailing). Without them it says who invites to which survey and
    # gives the introduction.
    invitation_de = models.TextField(
        _("invitation letter (German)"),
        blank=True,
        help_text=_(
            "Optional. The words of the invitation e-mail, e.g. a letter from the mayor; the "
            "personal link and the note on anonymity follow them. Reminders repeat them."
        ),
    )
    invitation_en = models.TextField(_("invitation letter (English)"), blank=True)
    signature_de = models.CharField(
        _("signed by (German)"),
        max_length=200,
        blank=True,
        help_text=_("Optional. Who signs the e-mail, e.g. “Maria Seeberger, Bürgermeisterin”."),
    )
    signature_en = models.CharField(
        _("signed by (English)"),
        max_length=200,
        blank=True,
        help_text=_("Optional. E.g. “Maria Seeberger, Mayor”; without it, the German one."),
    )
    # Where the printed questionnaire goes back to: its last lines (surveys.paper).
    paper_return_de = models.TextField(
        _("return of the paper questionnaire (German)"),
        blank=True,
        help_text=_(
            "Optional. Printed at the end of the paper questionnaire, e.g. “Bitte bis 12. "
            "Dezember im Bürgerbüro abgeben oder in den Briefkasten am Rathaus werfen.”"
        ),
    )
    paper_return_en = models.TextField(_("return of the paper questionnaire (English)"), blank=True)
    primary_language = models.CharField(
        _("primary language"), max_length=2, choices=LANGUAGES, default="de"
    )
    translated = models.BooleanField(
        _("offer the other language too"),
        default=False,
        help_text=_("Respondents choose German or English; every text needs both versions."),
    )
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.DRAFT, db_index=True
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(
        _("closes automatically at"),
        null=True,
        blank=True,
        help_text=_("Optional. The survey closes by itself at this time."),
    )
    remind_after_days = models.PositiveSmallIntegerField(
        _("automatic reminder after (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Optional. A reminder to everyone who has not answered by then."),
    )
    automatic_reminders = models.PositiveSmallIntegerField(
        _("number of automatic reminders"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_(
            "One to three. Each goes out the days above after the last mail, to those who have "
            "not answered yet; reminders sent by hand count too."
        ),
    )
    collect_departments = models.BooleanField(
        _("break results down by department"),
        default=False,
        help_text=_("Responses then keep the department from the recipient list."),
    )
    emails_erased_at = models.DateTimeField(null=True, blank=True)
    # Invitations to go out at this time (a draft opens then): services.mailing.
    invitations_scheduled_at = models.DateTimeField(null=True, blank=True)
    # Why the scheduled opening could not happen, for the consultant; empty when it could.
    schedule_problem = models.TextField(blank=True)
    activity = models.ForeignKey(
        "phases.Activity",
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
    )
    # The results page for everyone (surveys.views.published): its address, made on the first
    # publication and kept, so that a link on the city's website works again once republished.
    public_slug = models.CharField(max_length=32, unique=True, null=True, blank=True)
    results_published_at = models.DateTimeField(null=True, blank=True)
    # The municipality's lead or a consultant: whoever put the figures before the public.
    results_published_by = user_reference(_("published by"), null=True, blank=True)
    is_template = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # A new value whenever a section, question, option, matrix row or a question's groups
    # change, set by triggers in the database (migration 0003), whichever code made the
    # change: the questionnaire a respondent sees is kept under it (selectors.questionnaire_of).
    structure_key = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "wave"], name="one_survey_per_wave")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.pk])

    @property
    def paper_return(self) -> str:
        return self.localized("paper_return")

    @property
    def title(self) -> str:
        return self.localized("title") or str(_("Untitled survey"))

    @property
    def intro(self) -> str:
        return self.localized("intro")

    @property
    def signature(self) -> str:
        # A name reads the same in either language: the other one's stands in.
        return self.localized("signature")

    @property
    def languages(self) -> list[str]:
        if not self.translated:
            return [self.primary_language]
        return [self.primary_language, "en" if self.primary_language == "de" else "de"]

    @property
    def has_run(self) -> bool:
        """Opened at least once, not a template: it may have results, and can run again."""
        return not self.is_template and self.state != self.State.DRAFT

    def is_open(self, now=None) -> bool:
        """Open and not past its closing time (the scheduled close may not have run yet)."""
        now = now or timezone.now()
        return self.state == self.State.OPEN and (self.closes_at is None or self.closes_at > now)


class Section(Translated):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title_de = models.CharField(_("title (German)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_de = models.TextField(_("introduction (German)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("section")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def intro(self) -> str:
        return self.localized("intro")


class Question(Translated):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Agreement (5 points and “don't know”)")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        RATING = "rating", _("Rating 0–10")
        TEXT = "text", _("Free text")
        MATRIX = "matrix", _("Matrix (agreement rows)")

    SCALE_KINDS = (Kind.LIKERT, Kind.RATING, Kind.MATRIX)
    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)
    # The scales a follow-up may follow: one value per respondent (a matrix has one per row).
    FOLLOWED_SCALE_KINDS = (Kind.LIKERT, Kind.RATING)
    SCALE_VALUES = {Kind.LIKERT: range(1, 6), Kind.RATING: range(0, 11)}

    # Denormalised from the section: keys are unique per survey, and results filter by survey.
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_("Stays the same across waves, so results can be compared."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text_de = models.TextField(_("question (German)"), blank=True)
    text_en = models.TextField(_("question (English)"), blank=True)
    help_de = models.TextField(_("help text (German)"), blank=True)
    help_en = models.TextField(_("help text (English)"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(default=0)
    topic = models.ForeignKey(
        "taxonomy.Topic",
        verbose_name=_("topic"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dimension = models.ForeignKey(
        "taxonomy.Dimension",
        verbose_name=_("dimension"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    groups = models.ManyToManyField(
        TargetGroup,
        verbose_name=_("shown to"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty to show the question to every group."),
    )
    allow_other = models.BooleanField(_("offer “other” with a text field"), default=False)
    max_choices = models.PositiveSmallIntegerField(
        _("at most this many answers"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("For multiple choice, “other” included; leave empty for no limit."),
    )
    counts_for_readiness = models.BooleanField(
        _("counts towards the change-readiness index"), default=False
    )
    # A follow-up: asked only of those who chose one of these answers to a choice question
    # before it, on its page or an earlier one (surveys.services.responding.hidden_by_condition).
    shown_if_options = models.ManyToManyField(
        "Option",
        verbose_name=_("ask only if one of these answers was chosen"),
        through="FollowedAnswer",
        blank=True,
        related_name="dependents",
    )
    # Or a follow-up of a scale: asked only of those whose answer to an agreement or rating
    # question before it lies from `shown_if_from` to `shown_if_to` ("why?" below a level).
    # "Don't know" lies in no range.
    shown_if_scale = models.ForeignKey(
        "self",
        verbose_name=_("or ask only if the answer to this scale"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="scale_dependents",
    )
    shown_if_from = models.PositiveSmallIntegerField(_("is at least"), null=True, blank=True)
    shown_if_to = models.PositiveSmallIntegerField(_("and at most"), null=True, blank=True)

    class Meta:
        ordering = ["section__position", "section_id", "position", "id"]
        verbose_name = _("question")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "key"], name="question_key_unique_per_survey"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    shown_if_scale__isnull=True,
                    shown_if_from__isnull=True,
                    shown_if_to__isnull=True,
                )
                | models.Q(
                    shown_if_scale__isnull=False,
                    shown_if_from__lte=models.F("shown_if_to"),
                ),
                name="question_follows_a_range_of_its_scale",
                violation_error_message=_(
                    "A follow-up of a scale follows a range of it, the lower end first."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.localized("text")

    @property
    def help(self) -> str:
        return self.localized("help")

    @property
    def is_scale(self) -> bool:
        return self.kind in self.SCALE_KINDS

    @property
    def order_key(self) -> tuple:
        """Where the question stands in its questionnaire (a new one at the end of its page)."""
        section = self.section
        return (section.position, section.pk, self.position, self.pk or float("inf"))

    @property
    def followed_options(self) -> "list[Option]":
        """The answers a follow-up follows (shown_if_options), from the list the
        questionnaire's selectors prefetch: no query per question."""
        return list(self.shown_if_options.all()) if self.pk else []

    @property
    def is_follow_up(self) -> bool:
        return self.shown_if_scale_id is not None or bool(self.followed_options)

    @property
    def condition_source_id(self) -> int | None:
        """The id of the question a follow-up follows."""
        options = self.followed_options
        return options[0].question_id if options else self.shown_if_scale_id

    @property
    def condition_source(self) -> "Question | None":
        """The question a follow-up follows."""
        options = self.followed_options
        return options[0].question if options else self.shown_if_scale

    @property
    def condition_text(self) -> str:
        """The answers a follow-up follows, as respondents read them, quotes and all:
        “Agree”, “By phone” or “By letter”, “Strongly disagree” to “Disagree”, 0 to 6."""
        options = self.followed_options
        if options:
            return either(quoted(option.label) for option in options)
        if self.shown_if_scale_id is None:
            return ""
        low, high = self.shown_if_from, self.shown_if_to
        if self.shown_if_scale.kind == self.Kind.LIKERT:
            low, high = quoted(LIKERT_LABELS.get(low)), quoted(LIKERT_LABELS.get(high))
        if low == high:
            return str(low)
        return _("%(low)s to %(high)s") % {"low": low, "high": high}

    def too_many_choices(self, chosen: int) -> bool:
        """More answers chosen (the "other" text counting as one) than the question allows."""
        return self.max_choices is not None and chosen > self.max_choices


class Option(Translated):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label_de = models.CharField(_("label (German)"), max_length=300, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("option")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.localized("label")


class FollowedAnswer(models.Model):
    """One of the answers a follow-up (`question`) is asked after. Restrict: removing that
    answer alone would silently ask the follow-up of others, or of everyone."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.RESTRICT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "option"], name="followed_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question_id} › {self.option_id}"


class MatrixRow(Translated):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="matrix_rows")
    key = models.SlugField(_("key"), max_length=60)
    label_de = models.CharField(_("statement (German)"), max_length=300, blank=True)
    label_en = models.CharField(_("statement (English)"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    topic = models.ForeignKey(
        "taxonomy.Topic",
        verbose_name=_("topic"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("matrix row")
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="matrix_row_key_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.localized("label")


class Recipient(models.Model):
    """A person invited by e-mail. Never linked to the response they give."""

    class MailStatus(models.TextChoices):
        NONE = "none", _("Not sent")
        QUEUED = "queued", _("Queued")
        # Claimed by a worker; if that worker died mid-send we do not know whether the mail
        # left, and we do not send again (never twice beats maybe once).
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="recipients")
    group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, related_name="+")
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    invitation_status = models.CharField(
        max_length=8, choices=MailStatus.choices, default=MailStatus.NONE
    )
    invitation_queued_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    reminder_status = models.CharField(
        max_length=8, choices=MailStatus.choices, default=MailStatus.NONE
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    answered = models.BooleanField(default=False)
    # Half-filled answers of a personal link (save and resume); deleted on submit.
    draft = models.JSONField(null=True, blank=True)
    # The recipient said, from the questionnaire, that they will not take part: no reminders.
    # Their link still works, should they change their mind.
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group__position", "email", "id"]
        verbose_name = _("recipient")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email"],
                condition=~models.Q(email=""),
                name="recipient_email_unique_per_survey",
            )
        ]
        indexes = [models.Index(fields=["survey", "answered"])]

    def __str__(self) -> str:
        return self.email or str(_("(address erased)"))

    @property
    def mail_on_its_way(self) -> bool:
        """An invitation or reminder is queued or being sent: its address must stay as it is."""
        in_flight = {self.MailStatus.QUEUED, self.MailStatus.SENDING}
        return bool({self.invitation_status, self.reminder_status} & in_flight)


class AccessToken(models.Model):
    """A personal link's secret, as a hash. Each mail (invitation, reminder) carries a fresh one.

    All tokens of a recipient stay valid until the recipient answers or the survey closes.
    """

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("access token")

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.token_hash[:8]}…"


class OpenLink(models.Model):
    """A public link for one group (e.g. citizens on the city's website); anyone may answer."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="open_links")
    group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, related_name="+")
    slug = models.CharField(max_length=43, unique=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["group__position", "id"]
        verbose_name = _("open link")

    def __str__(self) -> str:
        return f"{self.survey} / {self.group}"


class Response(models.Model):
    """One submitted questionnaire. Deliberately unlinkable: no recipient, no link, no time."""

    class Channel(models.TextChoices):
        PERSONAL = "personal", _("Personal invitation")
        OPEN = "open", _("Open link")
        # Filled in on paper and entered by the consultancy (surveys.views.paper).
        PAPER = "paper", _("Paper questionnaire")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, related_name="+")
    department = models.CharField(_("department"), max_length=200, blank=True)
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    language = models.CharField(max_length=2, choices=LANGUAGES)

    class Meta:
        verbose_name = _("response")
        indexes = [models.Index(fields=["survey", "group"])]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):
    """One answer; one row per chosen option of a multiple-choice question, per matrix row."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    matrix_row = models.ForeignKey(
        MatrixRow, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    # Likert 1..5, rating 0..10; null for choices, free text and "don't know".
    value = models.SmallIntegerField(null=True, blank=True)
    dont_know = models.BooleanField(default=False)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        indexes = [
            models.Index(fields=["question", "option"]),
            models.Index(fields=["question", "value"]),
            models.Index(fields=["question", "matrix_row", "value"]),
            # The first few free texts of a question in alphabetical order (results page),
            # without sorting all of them; a prefix, as a whole text may exceed an index row.
            models.Index(
                models.F("question"),
                Left("text", TEXT_PREFIX),
                name="surveys_answer_text_prefix",
                condition=~models.Q(text=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


def text_digest(text: str) -> str:
    """The MD5 of a text, as PostgreSQL's md5() gives it: codes find their answers by it."""
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


class TextCode(models.Model):
    """A topic of the taxonomy given to one free text in the in-depth analysis (Phase 2).

    It holds for every answer to the question that says exactly this text, those given later
    included, and for none other: a text coded once counts as often as it was written.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="text_codes")
    text = models.TextField()
    text_digest = models.CharField(max_length=32)  # md5: a whole text may exceed an index row
    topic = models.ForeignKey("taxonomy.Topic", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("text code")
        ordering = ["topic__dimension__position", "topic__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "text_digest", "topic"], name="surveys_textcode_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}/{self.topic_id}"


class KeptCount(models.Model):
    """One kind of count over a survey's answers (surveys.results), kept with the responses it
    counted: the next count only adds the responses stored since.

    Derived data, in the database rather than the cache: a restarted cache must not make the
    next results page count ten thousand responses again.
    """

    class Kind(models.TextChoices):
        TALLIES = "tallies"
        MASKS = "masks"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # What else the count depends on (the questions' tags, for the masks); another basis
    # means counting afresh.
    basis = models.CharField(max_length=64, blank=True)
    # The responses counted: how many, the highest id and the sum of the ids.
    responses = models.PositiveIntegerField()
    last_response = models.BigIntegerField()
    id_sum = models.BigIntegerField()
    counts = models.JSONField()
    counted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "kind"], name="surveys_keptcount_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.kind}"


class SubmissionNonce(models.Model):
    """Marks one filled-in form of an open link as submitted, so a resend stores nothing twice.

    The nonce is drawn when the form starts and lives only in the respondent's session; the row
    keeps its hash and the day, and nothing that points to the response.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    nonce_hash = models.CharField(max_length=64, unique=True)
    created_on = models.DateField(default=timezone.localdate)

    def __str__(self) -> str:
        return self.nonce_hash[:8]

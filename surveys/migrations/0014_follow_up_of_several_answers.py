"""A follow-up follows one or several answers of its choice question (FollowedAnswer) instead
of one (Question.shown_if): each existing follow-up keeps the answer it had."""

import django.db.models.deletion
from django.db import migrations, models

# Which answers a follow-up follows is part of the questionnaire: a change gives the survey a
# new structure_key, as for the other tables of migration 0003.
TRIGGER = (
    "CREATE TRIGGER surveys_followedanswer_structure AFTER INSERT OR UPDATE OR DELETE "
    "ON surveys_followedanswer FOR EACH ROW EXECUTE FUNCTION surveys_structure_changed();"
)
TRIGGER_REVERSE = "DROP TRIGGER IF EXISTS surveys_followedanswer_structure ON surveys_followedanswer;"


def answers_moved(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    FollowedAnswer = apps.get_model("surveys", "FollowedAnswer")
    FollowedAnswer.objects.bulk_create(
        FollowedAnswer(question_id=question_id, option_id=option_id)
        for question_id, option_id in Question.objects.filter(shown_if__isnull=False).values_list(
            "pk", "shown_if_id"
        )
    )


def answers_moved_back(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    FollowedAnswer = apps.get_model("surveys", "FollowedAnswer")
    for followed in FollowedAnswer.objects.order_by("option__position", "option_id"):
        Question.objects.filter(pk=followed.question_id, shown_if__isnull=True).update(
            shown_if_id=followed.option_id
        )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0013_follow_up_of_a_scale")]

    operations = [
        migrations.CreateModel(
            name="FollowedAnswer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "option",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.RESTRICT,
                        related_name="+",
                        to="surveys.option",
                    ),
                ),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="surveys.question",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("question", "option"), name="followed_answer_unique"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="question",
            name="shown_if_options",
            field=models.ManyToManyField(
                blank=True,
                related_name="dependents",
                through="surveys.FollowedAnswer",
                to="surveys.option",
                verbose_name="ask only if one of these answers was chosen",
            ),
        ),
        migrations.RunPython(answers_moved, answers_moved_back),
        migrations.RunSQL(TRIGGER, TRIGGER_REVERSE),
        migrations.RemoveConstraint(
            model_name="question",
            name="question_follows_one_answer_or_one_range",
        ),
        migrations.RemoveField(model_name="question", name="shown_if"),
        migrations.AddConstraint(
            model_name="question",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("shown_if_from__isnull", True),
                        ("shown_if_scale__isnull", True),
                        ("shown_if_to__isnull", True),
                    ),
                    models.Q(
                        ("shown_if_from__lte", models.F("shown_if_to")),
                        ("shown_if_scale__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="question_follows_a_range_of_its_scale",
                violation_error_message=(
                    "A follow-up of a scale follows a range of it, the lower end first."
                ),
            ),
        ),
    ]

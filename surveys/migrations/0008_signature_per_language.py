# The signature, like the other texts of an invitation, in German and in English. The one
# signature there was becomes the German one, kept as it was.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("surveys", "0007_text_codes"),
    ]

    operations = [
        migrations.RenameField(model_name="survey", old_name="signature", new_name="signature_de"),
        migrations.AlterField(
            model_name="survey",
            name="signature_de",
            field=models.CharField(
                blank=True,
                help_text="Optional. Who signs the e-mail, e.g. “Maria Seeberger, Bürgermeisterin”.",
                max_length=200,
                verbose_name="signed by (German)",
            ),
        ),
        migrations.AddField(
            model_name="survey",
            name="signature_en",
            field=models.CharField(
                blank=True,
                help_text="Optional. E.g. “Maria Seeberger, Mayor”; without it, the German one.",
                max_length=200,
                verbose_name="signed by (English)",
            ),
        ),
    ]

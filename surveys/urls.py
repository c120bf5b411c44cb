from django.urls import path

from .views import builder, invitations, paper, privacy, published, respond, results

app_name = "surveys"
urlpatterns = [
    # The consultant's side.
    path("surveys/", builder.survey_list, name="list"),
    path("surveys/new/", builder.survey_create, name="create"),
    path("surveys/settings/", builder.survey_settings, name="settings"),
    path("surveys/outbox/", invitations.outbox, name="outbox"),
    path("surveys/<int:pk>/", builder.survey_detail, name="detail"),
    path("surveys/<int:pk>/edit/", builder.survey_edit, name="edit"),
    path("surveys/<int:pk>/copy/", builder.survey_copy, name="copy"),
    path("surveys/<int:pk>/wave/", builder.survey_new_wave, name="new_wave"),
    path("surveys/<int:pk>/delete/", builder.survey_delete, name="delete"),
    path("surveys/<int:pk>/structure.json", builder.survey_structure, name="structure"),
    path("surveys/<int:pk>/preview/", builder.survey_preview, name="preview"),
    path("surveys/<int:pk>/sections/new/", builder.section_create, name="section_create"),
    path("surveys/sections/<int:pk>/", builder.section_edit, name="section_edit"),
    path("surveys/sections/<int:pk>/delete/", builder.section_delete, name="section_delete"),
    path("surveys/sections/<int:pk>/move/", builder.section_move, name="section_move"),
    path(
        "surveys/sections/<int:pk>/questions/new/",
        builder.question_create,
        name="question_create",
    ),
    path("surveys/questions/<int:pk>/", builder.question_edit, name="question_edit"),
    path("surveys/questions/<int:pk>/delete/", builder.question_delete, name="question_delete"),
    path("surveys/questions/<int:pk>/move/", builder.question_move, name="question_move"),
    path(
        "surveys/questions/<int:pk>/duplicate/",
        builder.question_duplicate,
        name="question_duplicate",
    ),
    path("surveys/<int:pk>/recipients/", invitations.recipient_list, name="recipients"),
    path("surveys/<int:pk>/invitations/", invitations.invitations_send, name="invitations_send"),
    path(
        "surveys/<int:pk>/invitations/schedule/",
        invitations.invitations_schedule,
        name="invitations_schedule",
    ),
    path(
        "surveys/<int:pk>/invitations/schedule/cancel/",
        invitations.invitations_schedule_cancel,
        name="invitations_schedule_cancel",
    ),
    path("surveys/<int:pk>/reminders/", invitations.reminders_send, name="reminders_send"),
    path("surveys/<int:pk>/open-links/", invitations.open_link_create, name="open_link_create"),
    path("surveys/<int:pk>/paper/", paper.paper_questionnaires, name="paper"),
    path("surveys/<int:pk>/paper/enter/", paper.paper_entry, name="paper_entry"),
    path("surveys/<int:pk>/paper/print/", paper.paper_print, name="paper_print"),
    path("surveys/<int:pk>/erase-addresses/", invitations.emails_erase, name="emails_erase"),
    path(
        "surveys/recipients/<int:pk>/address/",
        invitations.recipient_address,
        name="recipient_address",
    ),
    path(
        "surveys/recipients/<int:pk>/delete/",
        invitations.recipient_delete,
        name="recipient_delete",
    ),
    path(
        "surveys/open-links/<int:pk>/toggle/",
        invitations.open_link_toggle,
        name="open_link_toggle",
    ),
    path(
        "surveys/open-links/<int:pk>/qr.<str:file_format>",
        invitations.open_link_qr,
        name="open_link_qr",
    ),
    path("surveys/<int:pk>/results/", results.results, name="results"),
    path("surveys/<int:pk>/results/texts/", results.results_texts, name="results_texts"),
    path("surveys/<int:pk>/results/publish/", results.results_publish, name="results_publish"),
    path("surveys/questions/<int:pk>/codes/", results.text_code_add, name="text_code_add"),
    path("surveys/text-codes/<int:pk>/delete/", results.text_code_remove, name="text_code_remove"),
    path(
        "surveys/<int:pk>/results/export.<str:file_format>",
        results.results_export,
        name="results_export",
    ),
    path("surveys/<int:pk>/<str:transition>/", builder.survey_transition, name="transition"),
    # The respondent's side: no account.
    path("s/respond/", respond.respond, name="respond"),
    path("s/thanks/", respond.thanks, name="thanks"),
    path("s/saved/", respond.saved, name="saved"),
    path("s/decline/", respond.decline, name="decline"),
    path("s/privacy/", privacy.privacy_notice, name="privacy"),
    path("s/<str:token>/", respond.token_redeem, name="token"),
    path("o/<str:link>/", respond.open_link_start, name="open_link"),
    path("r/<str:slug>/", published.published_results, name="published_results"),
]

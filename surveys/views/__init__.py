"""Views of the surveys app: builder, recipients and invitations, the respondent's form."""

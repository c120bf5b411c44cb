"""Forms of the builder (`builder`) and of the respondent's questionnaire (`respond`)."""

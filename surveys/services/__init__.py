"""Every write to surveys, split by topic: building, library (templates, waves), lifecycle,
recipients, mailing (invitations, reminders) and responding."""

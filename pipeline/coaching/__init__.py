"""The manager's loop over stored findings: triage, plans, focus, cadence, concerns, reviews, inspection."""

"""The managers' triage web app (`coachloop serve`): server-rendered pages, a little JS, no build step."""

"""Per-rep coaching-loop trackers and team roll-ups, as Markdown and HTML."""

"""Training the dialogue-act head, evaluating the detector, feedback from triage, WER."""

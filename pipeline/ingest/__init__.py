"""Recordings and transcripts in: audio decoding, speech recognition, speaker attribution, readers, the inbox."""

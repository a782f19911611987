"""Whisper windows read only as far as they hold audio.

faster-whisper pads every window's features to 30 s before the encoder, so a call's last,
half-filled window and the short windows of a re-decode cost as much as full ones, in the
encoder and again in every decoder step that attends to its output. Here windows are batched
with windows of about their own length, and each batch's features are cut after its longest
window's audio plus a margin of the padding (too little of it and a very short window comes back
as a loop under beam search). The encoder reads positions from the start, so the timestamps and
word alignment keep their meaning.
"""

from __future__ import annotations

import math

from faster_whisper import BatchedInferencePipeline

# Padding the encoder still reads after a window's audio.
MARGIN_S = 5.0
# A window shorter than this share of its batch's longest goes to a batch of its own.
SAME_BATCH_SHARE = 0.8


class ShortWindowPipeline(BatchedInferencePipeline):
    """`BatchedInferencePipeline`, each batch's encoder input cut after its longest window (plus `MARGIN_S`)."""

    def forward(self, features, tokenizer, chunks_metadata, options):
        longest = max(chunk["duration"] for chunk in chunks_metadata)
        # Alignment reads whole seconds of frames (ceil(duration) * 100); the encoder halves an even count.
        frames = 2 * math.ceil((math.ceil(longest) + MARGIN_S) * self.model.frames_per_second / 2)
        return super().forward(features[..., : min(frames, features.shape[-1])], tokenizer, chunks_metadata, options)


def batches_by_length(clips: list[dict], batch_size: int) -> list[list[dict]]:
    """Windows ({"start", "end"} in seconds) in batches of at most `batch_size`, longest first, a
    window much shorter than its batch's longest starting a batch of its own."""
    batches: list[list[dict]] = []
    for clip in sorted(clips, key=lambda clip: clip["start"] - clip["end"]):
        length = clip["end"] - clip["start"]
        if (
            batches
            and len(batches[-1]) < batch_size
            and length >= SAME_BATCH_SHARE * (batches[-1][0]["end"] - batches[-1][0]["start"])
        ):
            batches[-1].append(clip)
        else:
            batches.append([clip])
    return batches

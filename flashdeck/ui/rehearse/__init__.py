"""The Rehearse screen: timer and beat laps, recording and playback, analysis of an attempt, the attempt history."""

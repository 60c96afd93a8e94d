"""Reliability tests (issue 7): offline, deterministic, re-runnable, read-only, fuzzed."""

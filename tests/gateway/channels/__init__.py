"""Tests of the LINE Messaging API channel (against the local fake LINE API in tests/fakes)."""

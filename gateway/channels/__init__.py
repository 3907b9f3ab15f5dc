"""Channels the gateway talks to users through (web, LINE, …)."""

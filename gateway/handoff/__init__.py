"""Human handoff: tickets (models), the service staff act through, the TurnHook that opens tickets and keeps
the bot silent while a person holds a conversation, and the office hours. Wired into the app by gateway.staff."""

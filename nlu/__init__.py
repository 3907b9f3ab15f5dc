"""Custom Rasa NLU components (run in .venv-rasa). The parsing logic is plain Python in nlu.statements (usable from both environments)."""

"""Custom Rasa NLU components (run in .venv-rasa). The parsing logic is plain Python in nlu.activities."""

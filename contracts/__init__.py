"""What the gateway and the Rasa actions share, importable from both environments (Python 3.10 and 3.11):
the year parser, the number formatter and the payload types they exchange. No dependencies beyond the
standard library, so either side can import it without pulling the other's stack."""

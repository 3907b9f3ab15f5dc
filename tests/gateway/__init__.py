"""Tests of the gateway (gateway/): one folder per subpackage, the modules at the top level here."""

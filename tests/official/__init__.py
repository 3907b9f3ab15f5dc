"""The official spreadsheets' cells the tests check calc and the workbook against, as committed extracts
(tests/official/data/, README there): the suite needs nothing outside the repository."""

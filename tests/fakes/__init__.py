"""Local fakes of outside services (over real HTTP) for the tests."""

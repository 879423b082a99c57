"""Settings: ``base`` (environment-driven, used everywhere) and ``test`` (the test suite)."""

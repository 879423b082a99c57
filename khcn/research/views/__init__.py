"""Pages of the S&T tasks app, one module per part of the lifecycle."""

"""Reporters: one module per output format. Formatting lives only here."""

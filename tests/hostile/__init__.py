"""Hostile and damaged inputs made at test time (nothing large is committed); see generate.py."""

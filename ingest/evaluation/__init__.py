"""Measuring extraction quality against hand-written gold annotations (`stance eval`)."""

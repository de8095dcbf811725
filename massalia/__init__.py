"""Massalia: the platform a city runs so that its citizens and their local decision-makers are close."""

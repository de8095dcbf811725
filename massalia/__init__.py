"""Massalia: the platform a city runs so that citizens and local decision-makers are close."""

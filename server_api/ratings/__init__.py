"""Ratings of districts, executors, problems and buildings; the city dashboard (issue 11)."""

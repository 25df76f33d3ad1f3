"""Use cases: what a command does, between reading its options and printing its result."""

"""Benchmarks: slow measurements outside the test run; each writes its numbers into BENCHMARKS.md."""

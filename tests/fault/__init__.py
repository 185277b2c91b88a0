"""Fault-injection tests: kill -9, damaged files, full and read-only targets, locks."""

"""Test drivers shared by the suites."""

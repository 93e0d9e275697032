"""Gherkin scenarios of the B2B Elite and DOM flows, their step library, drivers and client adapters."""

"""Spyne-published SOAP services and the lean dispatch path for hot operations."""

"""Fault injection in front of the SOAP gateway: rules, request facts, effects and the WSGI middleware."""

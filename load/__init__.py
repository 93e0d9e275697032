"""Locust load profiles that drive the reference commerce client against the simulator (see README "Load testing")."""

"""Drivers the steps use besides the client adapter: the admin API and a simulator process."""

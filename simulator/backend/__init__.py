"""Use cases: the only API the wire adapters call; one transaction each."""

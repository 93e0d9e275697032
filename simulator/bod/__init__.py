"""OAGIS 9 BOD codec on lxml: envelopes, ApplicationArea, expressions, builders, schemas."""

"""The AMQP 1.0 transport of the legacy messages: JMS-mapped messages in and out of a broker (python-qpid-proton)."""

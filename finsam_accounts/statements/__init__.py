"""The statements engine: specifications (data), one engine, reconciliations."""

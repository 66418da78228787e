from tests.distribution.conftest import smtp_sink

__all__ = ["smtp_sink"]
